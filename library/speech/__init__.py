"""Reading aloud in Vietnamese: text normalisation, sentence rendering, loudness.

`normalize` turns written text into speakable words with an offset map back
to the original; `Speech` renders a text sentence by sentence into the cache
through a `SpeechWorker` process; `loudness` keeps every bulletin at one
level. Nothing here imports Qt; the kiosk plays the WAVs and drives
read-along highlighting from the word timings.
"""

from .normalize import SpokenText, normalize
from .reading import MAX_TEXT, Reading, SentenceAudio, Speech, WordTiming
from .sentences import Sentence, split_sentences
from .worker import SpeechWorker

__all__ = ["MAX_TEXT", "Reading", "Sentence", "SentenceAudio", "Speech", "SpeechWorker",
           "SpokenText", "WordTiming", "normalize", "split_sentences"]
