"""The media import core: probe, images, video/audio, trim, captions, jobs and the lesson media store.

Qt-free; every long function takes a progress callback and a cancel token (``editor.progress``).
"""
