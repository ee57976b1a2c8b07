"""The project's spaCy pipelines, one per language: blank pipelines with rule components.

No pretrained model can be installed here, so each pipeline is built from
``spacy.blank(<language>)``: the tokenizer, a lookup lemmatizer whose tables
come from ``spacy-lookups-data``, and an attribute ruler that maps the
shorthand salespeople type in chat ("cust", "w/o", "mgr"; "xq", "tb", "cte") to
the words they stand for. Each is saved to a directory (``SPACY_PIPELINES`` in
settings) that Rasa's ``SpacyNLP`` loads by path (``config.yml``; ``blank:es``
as a model name crashes Rasa 3.6's SpacyNLP, a saved directory does not); the
taboo analyzer loads the same directories.

Spanish is typed with and without accents ("estás"/"estas", "dólares"/"dolares"), so
the Spanish lemma table also has every form without its accents, and its lemmas have
none: matched on lemmas, a rule reads both spellings alike. Where two words differ
only by an accent, the more frequent one (``spacy-lookups-data``'s probabilities)
keeps the unaccented spelling.

Rasa fingerprints ``SpacyNLP`` by that path only: change a pipeline, bump
the version in the directory name (settings and ``config.yml``).
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import TYPE_CHECKING, Any, Dict

if TYPE_CHECKING:  # spaCy is heavy: import it only when a pipeline is built or loaded
    from spacy.language import Language

# Chat shorthand -> the word it stands for (lower case: Rasa lowercases before spaCy).
SHORTHAND_EN = {
    "cust": "customer",
    "custs": "customer",
    "clnt": "client",
    "mgr": "manager",
    "mgmt": "management",
    "w/o": "without",
    "w/": "with",
    "b/c": "because",
    "bc": "because",
    "u": "you",
    "ur": "your",
    "r": "be",
    "pls": "please",
    "plz": "please",
    "thx": "thanks",
    "ty": "thanks",
    "tks": "thanks",
    "convo": "conversation",
    "convos": "conversation",
    "msg": "message",
    "msgs": "message",
    "diff": "different",
    "prob": "problem",
    "probs": "problem",
    "rn": "now",
    "asap": "soon",
    "govt": "government",
    "pct": "percent",
    "%": "percent",
    "biz": "business",
    "info": "information",
    "q": "question",
    "qs": "question",
}

SHORTHAND_ES = {
    "q": "que",
    "k": "que",
    "xq": "porque",
    "pq": "porque",
    "porq": "porque",
    "x": "por",
    "xa": "para",
    "pa": "para",
    "tb": "también",
    "tmb": "también",
    "tbn": "también",
    "d": "de",
    "dnd": "donde",
    "msj": "mensaje",
    "cte": "cliente",
    "clte": "cliente",
    "ctes": "cliente",
    "xfa": "por favor",
    "porfa": "por favor",
    "pls": "por favor",
    "grax": "gracias",
    "gracias!": "gracias",
    "info": "información",
    "dto": "descuento",
    "aprox": "aproximadamente",
    "ud": "usted",
    "uds": "ustedes",
    "vd": "usted",
    "vds": "ustedes",
    "hrs": "horas",
    "mñn": "mañana",
    "mñna": "mañana",
    "tmbn": "también",
    "%": "por ciento",
}

SHORTHAND = {"en": SHORTHAND_EN, "es": SHORTHAND_ES}
# Lemma tables whose forms are also looked up without their accents (see above).
FOLD_ACCENTS = ("es",)
_FOLD = str.maketrans("áéíóúüàèìòùÁÉÍÓÚÜÀÈÌÒÙ", "aeiouuaeiouAEIOUUAEIOU")


def fold_accents(text: str) -> str:
    """'dólares' -> 'dolares' (ñ stays: 'año' is not 'ano'); the length never changes."""
    return text.translate(_FOLD)


def build_pipeline(language: str = "en") -> Language:
    import spacy

    nlp = spacy.blank(language)
    ruler: Any = nlp.add_pipe("attribute_ruler")  # an AttributeRuler (spaCy types it Pipe)
    # The lookup lemmatizer only fills tokens whose lemma is still unset, so the
    # shorthand lemmas set by the ruler survive it.
    lemmatizer = nlp.add_pipe("lemmatizer", config={"mode": "lookup", "overwrite": False})
    nlp.initialize()  # loads the lemma tables; it also clears the ruler, so fill it after
    fold = language in FOLD_ACCENTS
    if fold:
        _fold_lemma_table(lemmatizer, language)
    for short, full in SHORTHAND[language].items():
        lemma = fold_accents(full) if fold else full
        ruler.add(patterns=[[{"LOWER": short}]], attrs={"LEMMA": lemma, "NORM": full})
    return nlp


def _fold_lemma_table(lemmatizer, language: str) -> None:
    """Lemmas without accents, and every form looked up with and without its accents."""
    from spacy.util import load_language_data, registry

    data = registry.lookups.get(language)  # the raw tables (a Table's keys are hashes)
    lookup: Dict[str, str] = dict(load_language_data(data["lemma_lookup"]))
    probabilities: Dict[str, float] = (
        dict(load_language_data(data["lexeme_prob"])) if "lexeme_prob" in data else {})
    folded: dict = {}
    for form, lemma in lookup.items():
        key = fold_accents(form)
        score = probabilities.get(form, -30.0)
        if key not in folded or score > folded[key][0]:
            folded[key] = (score, fold_accents(lemma))
    table = {form: fold_accents(lemma) for form, lemma in lookup.items()}
    for key, (_, lemma) in folded.items():
        table.setdefault(key, lemma)
    lemmatizer.lookups.remove_table("lemma_lookup")
    # Forms that are their own lemma add nothing: the lemmatizer falls back to the word.
    lemmatizer.lookups.add_table(
        "lemma_lookup", {form: lemma for form, lemma in table.items() if form != lemma})


def save_pipeline(target: Path, language: str = "en") -> Path:
    """Build the pipeline of ``language`` and write it to ``target`` (replacing what is there)."""
    nlp = build_pipeline(language)
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = target.with_name(target.name + ".tmp")
    if staging.exists():
        shutil.rmtree(staging)
    nlp.to_disk(staging)
    if target.exists():
        shutil.rmtree(target)
    staging.rename(target)
    return target


def load_pipeline(path: Path) -> Language:
    import spacy

    return spacy.load(path)
