"""Translation: lessons out as XLIFF 2 for translators, back in as language variants that know when
their source has changed. See docs/format.md, section 7."""
