"""The project's spaCy pipeline: a blank English pipeline with rule components.

No pretrained English model can be installed here, so the pipeline is built
from ``spacy.blank("en")``: the tokenizer, a lookup lemmatizer whose tables
come from ``spacy-lookups-data``, and an attribute ruler that maps the
shorthand salespeople type in chat ("cust", "w/o", "mgr") to the words they
stand for. It is saved to a directory that Rasa's ``SpacyNLP`` loads by path
(``config.yml``); the taboo analyzer loads the same directory.

Rasa fingerprints ``SpacyNLP`` by that path only: change the pipeline, bump
the version in the directory name (settings and ``config.yml``).
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # spaCy is heavy: import it only when a pipeline is built or loaded
    from spacy.language import Language

# Chat shorthand -> the word it stands for (lower case: Rasa lowercases before spaCy).
SHORTHAND = {
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


def build_pipeline() -> Language:
    import spacy

    nlp = spacy.blank("en")
    ruler: Any = nlp.add_pipe("attribute_ruler")  # an AttributeRuler (spaCy types it Pipe)
    # The lookup lemmatizer only fills tokens whose lemma is still unset, so the
    # shorthand lemmas set by the ruler survive it.
    nlp.add_pipe("lemmatizer", config={"mode": "lookup", "overwrite": False})
    nlp.initialize()  # loads the lemma tables; it also clears the ruler, so fill it after
    for short, full in SHORTHAND.items():
        ruler.add(patterns=[[{"LOWER": short}]], attrs={"LEMMA": full, "NORM": full})
    return nlp


def save_pipeline(target: Path) -> Path:
    """Build the pipeline and write it to ``target`` (replacing what is there)."""
    nlp = build_pipeline()
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
