"""The taboo analyzer in Spanish (issue 10): the same ids on a Spanish pipeline and rules.

Labelled sets (the first three are the learned second opinion's training examples since
2026-12-02, under data/taboo_rules/examples/es/; the rules alone are held to their floors):
- lines.yml: lines written by the rules' author to tune them (one or
  more per category of wording, with clean close calls). Its figures are not an estimate.
- drafts_dev2.yml: 288 drafts to customers (e-mail, WhatsApp, chat; Spain and
  Latin America; 90 clean) by someone who saw no rules, written on 2026-12-02 as a dev set and
  tuned on at once (force_persuade, ramble, talk_behind_back first): its floors per taboo
  are the measured level, so a regression fails; they are no estimate either.
- drafts_dev3.yml: 220 drafts by a blind writer (dev set), measured once before
  tuning (P 0.911 / R 0.618), then tuned on: its floors are the measured level after.
- tests/data/es/drafts_heldout.yml: 150 drafts written blind by someone who saw no rules: the
  first blind set, measured three times, then used for tuning on 2026-12-02 (its errors
  were read and their causes fixed). It is dev data now: the floor asserted is its measured
  level, so a regression fails, and issue 10's goal of 0.9 per taboo on it stays an expected
  failure (strict: it fails loudly the day it is met). The estimate for new text is the
  coordinator's new blind set.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from coach.analyzer import TABOO_IDS, AnalyzerError, Context, analyzer_for
from coach.settings import load_settings
from tools.taboo_eval import evaluate, load_items

DATA = Path(__file__).resolve().parents[1] / "data" / "es"
EXAMPLES = load_settings().taboo_examples_dir("es")
GOAL = 0.90
# The held-out drafts' measured level (docs/taboos.md, "En español"): micro over the ids,
# since they became tuning data (2026-12-02: 0.966 / 1.000 by the rules; 0.944 / 1.000 with
# the learned second opinion, which was not trained on them; 0.914 / 1.000 at its 0.6;
# 0.884 / 0.988 at 0.45 with withdrawal, chosen by cross-validation for new text: this set,
# tuned on by the rules, loses precision to the model's extra findings; 0.913 / 0.988 on
# 2026-12-03, once an added taboo beside one the rules found needs 0.6; 0.875 / 0.988 that
# afternoon with drafts_blind12 among the examples: cross-validation F1 0.907 -> 0.912 and the
# unread blind9 0.903 / 0.900 -> 0.908 / 0.912, while on this set, fitted by the rules, the
# model adds four more taboos, three of them arguable: docs/taboos.md); 0.894 / 0.988 on
# 2026-12-04 with drafts_blind10 among the examples and that day's rule fixes.
HELDOUT_FLOOR = {"precision": 0.885, "recall": 0.98}


@pytest.fixture(scope="module")
def analyzer():
    return analyzer_for("es")


def _report(name: str, report: dict) -> None:
    overall = report["overall"]
    print(f"\n{name}: {report['items']} items, overall P {overall['precision']:.3f}"
          f" R {overall['recall']:.3f}")
    for taboo, scores in report["per_taboo"].items():
        print(f"  {taboo:<24} P {scores['precision']:.2f} R {scores['recall']:.2f}"
              f" (tp {scores['tp']}, fp {scores['fp']}, fn {scores['fn']})")


def _heldout_drafts():
    items = yaml.safe_load((DATA / "drafts_heldout.yml").read_text(encoding="utf-8"))["items"]
    # the set also holds messages that are not review requests: they have no taboo labels
    return [{"text": item["draft"], "taboos": item["taboos"]} for item in items
            if "taboos" in item]


def test_the_dev_lines_reach_the_goal_per_taboo(analyzer):
    report = evaluate(analyzer, load_items(EXAMPLES / "lines.yml"), draft=False)
    _report("lines.yml (tuning set)", report)
    for taboo in TABOO_IDS:
        scores = report["per_taboo"][taboo]
        assert scores["precision"] >= GOAL and scores["recall"] >= GOAL, (
            taboo, scores, [e for e in report["errors"] if taboo in e["expected"] + e["found"]])


def test_the_blind_drafts_stay_at_their_measured_level(analyzer):
    drafts = _heldout_drafts()
    assert len(drafts) >= 150 and sum(1 for d in drafts if not d["taboos"]) >= 60
    report = evaluate(analyzer, drafts, draft=True)
    _report("drafts_heldout.yml (blind)", report)
    overall = report["overall"]
    assert overall["precision"] >= HELDOUT_FLOOR["precision"], overall
    assert overall["recall"] >= HELDOUT_FLOOR["recall"], overall


@pytest.mark.xfail(strict=True, reason="issue 10's goal, not met yet: 0.9 per taboo on the "
                   "blind Spanish drafts (docs/taboos.md has the figures)")
def test_the_blind_drafts_reach_the_goal_per_taboo(analyzer):
    report = evaluate(analyzer, _heldout_drafts(), draft=True)
    for taboo in TABOO_IDS:
        scores = report["per_taboo"][taboo]
        assert scores["precision"] >= GOAL and scores["recall"] >= GOAL, (taboo, scores)


@pytest.mark.parametrize(("line", "taboos"), [
    # the money forms of issue 10
    ("El precio es de 3.275 € por unidad.", ["premature_exact_price"]),
    ("Le sale en 4.500 euros.", ["premature_exact_price"]),
    ("Son USD 1.200 al mes.", ["premature_exact_price"]),
    ("Cuesta 1.200 dólares.", ["premature_exact_price"]),
    ("cuesta 1.200 dolares", ["premature_exact_price"]),
    ("Son mil pesos.", ["premature_exact_price"]),
    ("Son mil doscientos euros en total.", ["premature_exact_price"]),
    ("Treinta y cinco euros al mes.", ["premature_exact_price"]),
    ("Fabricamos dos mil unidades.", []),
    ("Según la cantidad, entre 3.000 y 5.000 euros.", []),
    ("Van de 480 € a 25.000 € según la gama.", []),
    ("Le llamo el jueves a las 11.", []),
    # (2026-12-03) soles and UF; "desde" and "hasta" far from the figure are prepositions; a
    # year, a refund, an error's amount and the customer's own budget are no quote
    ("La docena le sale S/ 230.", ["premature_exact_price"]),
    ("El piso te sale 32 UF instalado.", ["premature_exact_price"]),
    ("El envío hasta Cochabamba le sale 900 bolivianos.", ["premature_exact_price"]),
    ("Desde la web me pide precio: son 640 euros.", ["premature_exact_price"]),
    ("Le sale desde 640 euros.", []),
    ("Lo dejamos hasta que aprueben el presupuesto de 2027.", []),
    ("El reembolso de 120 € ya está en camino.", []),
    ("Si el presupuesto es de 5.000 €, trabajemos con eso.", []),
    # who passed the contact on says nothing of the customer's needs; what they told does
    ("Me pasó tu número Ana. La instalación sale 1.400 €.", ["premature_exact_price"]),
    ("Con lo que me contaste de tus dos tiendas, la instalación sale 1.400 €.", []),
    ("Fabricamos 500 unidades al mes.", []),
    # accents or none, tú or usted
    ("Estás equivocado.", ["argue"]),
    ("estas equivocado", ["argue"]),
    ("Usted se equivoca.", ["argue"]),
    # "se equivocó" is someone else, before: no argument (the courier blamed is an excuse)
    ("El transportista se equivocó de dirección; ya le llega mañana.", ["make_excuses"]),
])
def test_spanish_lines(analyzer, line, taboos):
    assert analyzer.analyze(line).taboos == taboos


def test_findings_quote_the_words_as_written(analyzer):
    line = "Gracias por escribir. Eso no es posible, lo siento."
    analysis = analyzer.analyze(line)
    assert analysis.taboos == ["refuse_on_spot"]
    assert analysis.findings[0].quote == "Eso no es posible, lo siento."
    price = analyzer.analyze("Sale por 1.200 dólares.").findings[0]
    assert price.evidence == "1.200 dólares"  # read without accents, quoted with them


def test_an_exact_price_is_fine_once_the_customer_is_qualified(analyzer):
    line = "Son 96.000 euros con la entrega."
    assert analyzer.analyze(line).taboos == ["premature_exact_price"]
    assert analyzer.analyze(line, context=Context(customer_qualified=True)).taboos == []


@pytest.mark.parametrize("draft", [
    "Gracias, lo reviso y le digo algo el lunes.\n\n"
    "El lun, 3 jun 2024 a las 10:12, Ana Ruiz <ana@example.es> escribió:\n"
    "> Es imposible, su competencia es una chapuza.",
    "Gracias, lo reviso y le digo algo el lunes.\n-----Mensaje original-----\n"
    "De: Ana Ruiz\nEnviado: lunes\nEs imposible.",
    "Gracias, lo reviso y le digo algo el lunes.\n\nDe: Ana Ruiz <ana@example.es>\n"
    "Enviado: lunes, 3 de junio de 2024 10:12\nPara: ventas\nEs imposible.",
])
def test_quoted_customer_text_is_not_the_salespersons(analyzer, draft):
    analysis = analyzer.analyze(draft, draft=True)
    assert analysis.text == "Gracias, lo reviso y le digo algo el lunes."
    assert analysis.taboos == []


def test_the_coach_speaks_spanish_with_the_same_ids_and_topics(analyzer):
    english = analyzer_for("en")
    assert set(analyzer.info) == set(english.info) == set(TABOO_IDS)
    for taboo in TABOO_IDS:
        spanish, other = analyzer.info[taboo], english.info[taboo]
        assert spanish.topic == other.topic
        assert spanish.label != other.label and spanish.why != other.why
    assert "equivoca" in analyzer.info["argue"].label


def test_the_english_analyzer_is_the_one_callers_had():
    from coach.analyzer import TabooAnalyzer

    settings = load_settings()
    before = TabooAnalyzer.from_files(settings.spacy_model_dir, settings.taboos_file)
    line = "You're wrong, and their product is junk. It's $4,250."
    assert analyzer_for("en").analyze(line).taboos == before.analyze(line).taboos == [
        "argue", "badmouth_competitor", "premature_exact_price"]


def test_an_unknown_language_is_a_clear_error():
    with pytest.raises(AnalyzerError, match="no taboo rules for language 'xx'"):
        analyzer_for("xx")


@pytest.mark.parametrize("text", ["", "   ", "🤝👍", "客户说太贵了", "\x00\x01", "ñ" * 20000,
                                  "€€€ 1.2.3 euros euros mil mil", "¿¡¿¡" * 500])
def test_odd_input_never_crashes(analyzer, text):
    assert isinstance(analyzer.analyze(text, draft=True).taboos, list)


@pytest.mark.parametrize(("line", "taboos"), [
    # the lemma table maps "unos" to "un", "tarde" to "tardar", "debí" to "debe" and "fue" to
    # "es": phrases starting with "=" are read as written (data/taboo_rules/es.yml)
    ("Cuesta 9.500 € y es un curso muy completo.", ["premature_exact_price"]),
    ("Le llamo esta tarde para contarle cómo quedó lo de la garantía.", []),
    ("El retraso se debe a que el transportista se equivocó de almacén.", ["make_excuses"]),
    ("Fue un error mío; ya está corregido.", []),
    ("Sería un error pedir el módulo a medida, no lo necesita.", ["force_persuade"]),
    # one word said of people and of companies: its target decides
    ("El gerente de Frutas Levante es un mentiroso.", ["talk_behind_back"]),
    ("Los técnicos de Fluxor son unos mentirosos.", ["badmouth_competitor"]),
    # ours, or a thing: no one run down
    ("Nuestro antiguo sistema era muy lento.", []),
    ("El tráfico está fatal hoy, llego en diez minutos.", []),
    # "como le comenté" is neutral; "ya le dije" rubs it in
    ("Como le comenté, le adjunto la ficha técnica.", []),
    ("Ya le dije que el transporte va aparte.", ["argue"]),
    # courtesy, not a promise
    ("No hay ningún problema en cambiar la fecha.", []),
    # a word the lemma table does not know after "los de", typed in lower case: a brand
    ("los de norvex son un timo, no te fies", ["badmouth_competitor"]),
    ("los de compras son un desastre", ["talk_behind_back"]),
    # "everyone knows X cuts corners" runs X down; it does not argue with the reader
    ("Todo el mundo sabe que Tornex recorta en calidad.", ["badmouth_competitor"]),
    ("Con su jefe es imposible trabajar.", ["talk_behind_back"]),
    # a two-word name after "los de" is a company, not a person's name and surname
    ("Los de Eléctricas Pérez no saben ni cablear un enchufe.", ["badmouth_competitor"]),
    ("Ana Pérez no sabe ni lo que quiere.", ["talk_behind_back"]),
    # a name owning a product is a company; a first name owning a team is a person
    ("El nuevo sistema de Lumitec es muy lento.", ["badmouth_competitor"]),
    ("El equipo de Marta es un desastre.", ["talk_behind_back"]),
    ("Tu nuevo proveedor es un desastre.", ["badmouth_competitor"]),
])
def test_words_the_lemma_table_or_the_target_misread(analyzer, line, taboos):
    assert analyzer.analyze(line).taboos == taboos


@pytest.mark.parametrize(("line", "taboos"), [
    # the lemma table reads "nos" as "no" and "somos" as "es": text.lemmas in the rules
    ("Nos será posible entregarlo el lunes.", []),
    ("No será posible entregarlo el lunes.", ["refuse_on_spot"]),
    ("La gente de Sistemas Norte es muy poco profesional.", ["badmouth_competitor"]),
    # a negation one word before a cancelling phrase: not owning it ("sido cosa mía" is
    # a lemma match too); punctuation in between ends the look back
    ("Lo de tu pedido no ha sido cosa mía; en logística se les cruzaron los cables.",
     ["make_excuses"]),
    ("No, fue culpa mía: se me pasó por el lío del cierre. Esta tarde lo tiene.", []),
])
def test_lemmas_of_the_rules_and_negations(analyzer, line, taboos):
    assert analyzer.analyze(line).taboos == taboos


def test_lemma_overrides_must_be_a_mapping():
    from coach.analyzer import TabooAnalyzer
    from coach.analyzer.rules import load_rules
    from coach.nlp import load_pipeline

    settings = load_settings()
    rules = load_rules(settings.taboo_rules_file("es"))
    rules["text"]["lemmas"] = ["nos"]
    with pytest.raises(AnalyzerError, match="text.lemmas"):
        TabooAnalyzer(load_pipeline(settings.spacy_pipeline_dir("es")), rules)


# The three ids with the lowest recall on the first fresh drafts (2026-12-02): the ways of
# saying them found since, each with a clean close call (written for these tests).
@pytest.mark.parametrize(("draft", "taboos"), [
    # force_persuade: what was asked for, dismissed or struck off
    ("Hola Andrés, lo de las copias de seguridad diarias es exagerado para una tienda como "
     "la suya. Lo dejo fuera.", ["force_persuade"]),
    ("Estimada Carmen, quite el mantenimiento de la lista, es un gasto que no tiene ningún "
     "sentido para ustedes.", ["force_persuade"]),
    ("Yo de usted no pediría la garantía extendida, es dinero tirado.", ["force_persuade"]),
    ("Entiendo que quiera diez usuarios, pero con cinco le basta y le sobra.",
     ["force_persuade"]),
    ("Si le parece, empezamos con el plan básico y ampliamos más adelante si lo necesita. "
     "Le preparo las dos opciones para que compare.", []),
    ("He incluido el color personalizado que pidió; solo añade una semana al plazo.", []),
    ("Te aviso: no pierdas el tiempo con ella, nunca contesta.", []),
    # talk_behind_back: a secret with someone named, judgements of Spain and America
    ("Hola Carla, tu compañero Felipe me tuvo una hora al teléfono. No le digas que te lo "
     "dije.", ["talk_behind_back"]),
    ("Oye, en confianza: tu socio me pareció un poco fantasma en la reunión.",
     ["talk_behind_back"]),
    ("Hola Dani, ya me habían dicho que tu jefe se apunta los méritos de los demás. Menudo "
     "personaje.", ["talk_behind_back"]),
    ("Mi compañero Luis le enviará la factura corregida mañana por la mañana.", []),
    ("Entre nosotros y su equipo podemos cerrar la instalación en dos semanas.", []),
    ("Hola Jimena, el paquete va con Correos y le llega el jueves.", []),
    # ramble: a personal story carried on past its first sentence; a short opener is clean
    ("Hola Luis, te paso la oferta. ¿Viste el partido del domingo? Mi hijo y yo saltamos del "
     "sofá con el gol del final, todavía me duele la garganta. Luego nos fuimos a cenar con "
     "los primos y acabamos cantando en la calle hasta las tantas. Bueno, el pedido sale "
     "mañana.", ["ramble"]),
    # ...but a message under 40 words is no long message (draft_min_words, 2026-12-03)
    ("Hola Luis, te paso la oferta. ¿Viste el partido del domingo? Mi hijo y yo saltamos del "
     "sofá con el gol del final, todavía me duele la garganta. Bueno, el pedido sale mañana.",
     []),
    ("Hola Rocío, por fin adoptamos un perrito, se llama Coco y se ha comido dos zapatillas y "
     "el cargador. Los niños están encantados y ya le han comprado una cama, un jersey y tres "
     "pelotas. Mi marido dice que duerme más que él. Te dejo el catálogo nuevo.", ["ramble"]),
    ("Hola Juan, espero que hayas pasado un buen fin de semana. Te adjunto el presupuesto "
     "revisado; cualquier duda me dices.", []),
    ("Hola Sergio, ¡qué frío hace hoy! Te confirmo la reunión del martes a las 10 en "
     "vuestras oficinas.", []),
])
def test_drafts_of_the_three_weakest_ids(rules_only_es, draft, taboos):
    # the rules' wordings (the learned second opinion may add a close call, e.g. argue)
    assert rules_only_es.analyze(draft, draft=True).taboos == taboos


# What the fourth writers' drafts (drafts_blind10, 2026-12-04) showed, as classes: the minutes
# of a time and "le costará" (our price, not the customer's cost) in a price sentence, a
# "sobre la consulta" that is no range, refusals said as "no se permite" or "no es algo que
# hagamos", and the cause put on a third party's failure or on nature. Written for these tests.
@pytest.mark.parametrize(("draft", "taboos"), [
    ("Le mando el presupuesto hoy antes de las 18:30 y sin coste de envío.", []),
    ("El presupuesto revisado le llega a las 9.15, como quedamos.", []),
    ("Sobre la consulta que nos hizo ayer, la alarma le costará 349 € al año.",
     ["premature_exact_price"]),
    ("Con su consumo actual le costaba 1.200 € al año; con el nuevo equipo baja a la mitad "
     "según sus facturas.", []),
    ("Traer su propia comida al salón no se permite, lo siento.", ["refuse_on_spot"]),
    ("Me temo que pagar en cuatro plazos no es algo que hagamos.", ["refuse_on_spot"]),
    ("No te puedo cambiar la talla del pedido.", ["refuse_on_spot"]),
    ("No se permite aparcar en la entrada, pero le reservo una plaza en el lateral.", []),
    ("El cobro doble se produjo por un fallo del banco, tendrá que reclamarles a ellos.",
     ["make_excuses"]),
    ("Se cortó la luz por la tormenta; es la naturaleza, nadie puede controlarla.",
     ["make_excuses"]),
    ("El cobro doble fue un error nuestro: ya se lo hemos devuelto.", []),
])
def test_the_fourth_writers_classes(rules_only_es, draft, taboos):
    assert rules_only_es.analyze(draft, draft=True).taboos == taboos


# Found playing the customers (2026-12-04): what we will do if something fails is no excuse
# for a failure, and "sin coste" (free) names no price; written for these tests.
@pytest.mark.parametrize(("draft", "taboos"), [
    ("Si un fax no llega, lo reenviamos por otra línea sin coste.", []),
    ("Si un fax no le llega porque el sistema falla, se lo reenviamos.", []),
    ("Si el pedido llega roto, se lo cambiamos al día siguiente.", []),
    # a failure that happened, or one explained with "si", is still an excuse
    ("Lo siento, el pedido no llegó por culpa de la agencia; se lo reenviamos hoy sin coste.",
     ["make_excuses"]),
    ("Si no le llegó fue por culpa del transportista, se lo reenviamos.", ["make_excuses"]),
    ("Le llega mañana 17.30 sin coste.", []),
    ("La instalación es sin coste, y el equipo 480.", []),
    ("El precio por unidad es 17.50.", ["premature_exact_price"]),
    ("El coste es 480.", ["premature_exact_price"]),
])
def test_a_remedy_offered_and_a_free_service(rules_only_es, draft, taboos):
    assert rules_only_es.analyze(draft, draft=True).taboos == taboos


def test_the_hypothetical_fax_is_no_excuse_with_the_second_opinion(analyzer):
    # the line as played, through the analyzer the coach uses
    assert analyzer.analyze("Si un fax no llega, lo reenviamos por otra línea sin coste.",
                            draft=True).taboos == []


# The rules alone: drafts_dev2.yml's measured level per taboo (precision, recall) on
# 2026-12-02, after tuning force_persuade, ramble and talk_behind_back on it
# (docs/taboos.md, "En español").
DEV2_FLOOR = {
    "argue": (0.66, 0.50), "force_persuade": (1.00, 1.00), "refuse_on_spot": (0.56, 0.75),
    "ramble": (1.00, 1.00), "badmouth_competitor": (0.85, 0.56),
    "make_excuses": (0.80, 0.51), "premature_exact_price": (0.85, 1.00),
    "exaggerate": (1.00, 0.45), "talk_behind_back": (0.96, 1.00),
}


def test_the_second_dev_drafts_stay_at_their_measured_level(rules_only_es):
    items = load_items(EXAMPLES / "drafts_dev2.yml")
    assert len(items) >= 280 and sum(1 for item in items if not item["taboos"]) >= 85
    report = evaluate(rules_only_es, items, draft=True)
    _report("drafts_dev2.yml (dev)", report)
    for taboo, (precision, recall) in DEV2_FLOOR.items():
        scores = report["per_taboo"][taboo]
        assert scores["precision"] >= precision and scores["recall"] >= recall, (
            taboo, scores, [e for e in report["errors"] if taboo in e["expected"] + e["found"]])


# The rules alone on drafts_dev3.yml (a blind writer's dev set): its level per taboo
# (precision, recall) on 2026-12-02 after tuning on it; before any tuning it measured
# P 0.911 / R 0.618 overall (docs/taboos.md, "En español"). A floor against
# regressions, not an estimate.
DEV3_FLOOR = {
    "argue": (1.00, 1.00), "force_persuade": (1.00, 1.00), "refuse_on_spot": (1.00, 1.00),
    "ramble": (0.75, 1.00), "badmouth_competitor": (1.00, 0.78),
    "make_excuses": (0.96, 1.00), "premature_exact_price": (1.00, 1.00),
    "exaggerate": (1.00, 1.00), "talk_behind_back": (0.75, 1.00),
}


def test_the_third_dev_drafts_stay_at_their_measured_level(rules_only_es):
    items = load_items(EXAMPLES / "drafts_dev3.yml")
    assert len(items) >= 220 and sum(1 for item in items if not item["taboos"]) >= 40
    report = evaluate(rules_only_es, items, draft=True)
    _report("drafts_dev3.yml (dev, blind writer)", report)
    for taboo, (precision, recall) in DEV3_FLOOR.items():
        scores = report["per_taboo"][taboo]
        assert scores["precision"] >= precision and scores["recall"] >= recall, (
            taboo, scores, [e for e in report["errors"] if taboo in e["expected"] + e["found"]])
