"""german_typography as a Markdown extension: one test per rule and language,
each with a twin that shows the same text inside code stays as written."""

import markdown
from german_typography.extension import GermanTypographyExtension
from german_typography.rules import typeset_text
from markdown.test_tools import TestCase

NBSP, NNBSP = "\u00a0", "\u202f"


class GermanTestCase(TestCase):
    default_kwargs = {"extensions": [GermanTypographyExtension(default_lang="de")]}

    def assertInline(self, source, expected):
        self.assertMarkdownRenders(source, f"<p>{expected}</p>")

    def assertCodeUntouched(self, source):
        """The source in a code span and a code block renders as written."""
        self.assertMarkdownRenders(f"`{source}`", f"<p><code>{_esc(source)}</code></p>")
        self.assertMarkdownRenders("    " + source, f"<pre><code>{_esc(source)}\n</code></pre>")


def _esc(text):
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class TestGermanRules(GermanTestCase):
    def test_gender_star_is_literal(self):
        self.assertInline(
            "Partner*innen, Stakeholdern oder Kund*innen, jede*r, ein*e Partner*in",
            "Partner*innen, Stakeholdern oder Kund*innen, jede*r, ein*e Partner*in",
        )

    def test_gender_star_in_code(self):
        self.assertCodeUntouched("Partner*innen a*b*c")

    def test_gender_star_in_link_text(self):
        self.assertInline(
            "[Kund*innen und Partner*innen](https://example.org/)",
            '<a href="https://example.org/">Kund*innen und Partner*innen</a>',
        )

    def test_other_gender_forms_untouched(self):
        self.assertInline(
            "Die Kund:innen, Kund_innen und KundInnen", "Die Kund:innen, Kund_innen und KundInnen"
        )

    def test_other_gender_forms_in_code(self):
        self.assertCodeUntouched("Kund:innen Kund_innen")

    def test_emphasis_as_usual(self):
        self.assertInline(
            "*betont*, **fett**, ***beides***",
            "<em>betont</em>, <strong>fett</strong>, <strong><em>beides</em></strong>",
        )

    def test_emphasis_in_code(self):
        self.assertCodeUntouched("*betont* **fett**")

    def test_intra_word_emphasis_ways(self):
        # Documented in docs/schreiben.md "Typografie": double stars and inline HTML.
        self.assertInline("Kund**innen**", "Kund<strong>innen</strong>")
        self.assertInline("Kund<em>innen</em>", "Kund<em>innen</em>")
        # An uppercase letter after the star is no gender star.
        self.assertInline("Wort*Betont*", "Wort<em>Betont</em>")

    def test_double_quotes(self):
        self.assertInline('Sie sagte "Zitat" dazu', "Sie sagte „Zitat“ dazu")

    def test_double_quotes_in_code(self):
        self.assertCodeUntouched('"Zitat"')

    def test_single_quotes(self):
        self.assertInline("Sie sagte 'Zitat' dazu", "Sie sagte ‚Zitat‘ dazu")

    def test_single_quotes_in_code(self):
        self.assertCodeUntouched("'Zitat'")

    def test_nested_quotes(self):
        self.assertInline("\"Er sagte 'hallo' zu mir\"", "„Er sagte ‚hallo‘ zu mir“")

    def test_quotes_around_emphasis(self):
        self.assertInline(
            '"*betont*" und "**fett**"', "„<em>betont</em>“ und „<strong>fett</strong>“"
        )

    def test_escaped_quote_stays_straight(self):
        self.assertInline('Zoll: 5\\" und \\"so\\"', 'Zoll: 5" und "so"')

    def test_apostrophes(self):
        self.assertInline("Wie geht's? Hans' Buch", "Wie geht’s? Hans’ Buch")

    def test_apostrophes_in_code(self):
        self.assertCodeUntouched("geht's Hans'")

    def test_dash_from_double_hyphen(self):
        self.assertInline("wort -- wort", f"wort{NBSP}– wort")

    def test_dash_from_spaced_hyphen(self):
        self.assertInline("wort - wort", f"wort{NBSP}– wort")

    def test_dashes_in_code(self):
        self.assertCodeUntouched("wort -- wort - x --- y")

    def test_hyphen_and_range(self):
        self.assertInline(
            "Lern- und Entwicklungsprozesse 1990--2000", "Lern- und Entwicklungsprozesse 1990–2000"
        )

    def test_em_dash(self):
        self.assertInline("wort --- wort", "wort — wort")

    def test_ellipsis(self):
        self.assertInline("und doch...", "und doch…")

    def test_ellipsis_in_code(self):
        self.assertCodeUntouched("und doch...")

    def test_abbreviations(self):
        self.assertInline(
            "z. B., d. h., u. a., s. o., z. T., i. d. R. Z. B.",
            f"z.{NNBSP}B., d.{NNBSP}h., u.{NNBSP}a., s.{NNBSP}o., z.{NNBSP}T., "
            f"i.{NNBSP}d.{NNBSP}R. Z.{NNBSP}B.",
        )

    def test_abbreviations_in_code(self):
        self.assertCodeUntouched("z. B. d. h.")

    def test_units_and_numbers(self):
        self.assertInline(
            "30 %, 100 €, 5 km, 10 Min., § 5, Nr. 3, S. 12",
            f"30{NBSP}%, 100{NBSP}€, 5{NBSP}km, 10{NBSP}Min., §{NBSP}5, Nr.{NBSP}3, S.{NBSP}12",
        )

    def test_units_in_code(self):
        self.assertCodeUntouched("30 % 5 km § 5 Nr. 3")

    def test_units_after_emphasis_and_currency_words(self):
        # The number ends a text node: the rule still sees it before the space.
        self.assertInline(
            "**30** % und *§* 5, EUR 100, CHF 20",
            f"<strong>30</strong>{NBSP}% und <em>§</em>{NBSP}5, EUR{NBSP}100, CHF{NBSP}20",
        )

    def test_dash_at_a_line_start_and_runs_of_spaces(self):
        self.assertInline("eins\n-- zwei  -  drei", f"eins\n– zwei{NBSP}–  drei")

    def test_no_unit_no_change(self):
        self.assertInline("5 mal 3 Menschen", "5 mal 3 Menschen")

    def test_date(self):
        self.assertInline("am 27. November 2026", f"am 27.{NBSP}November 2026")

    def test_date_in_code(self):
        self.assertCodeUntouched("27. November 2026")

    def test_typographic_input_left_as_written(self):
        text = "„Zitat“ ‚so‘ geht’s … und «das», 1990–2000"
        self.assertInline(text, text)

    def test_typed_spaced_dash_gets_the_no_break_space_before_it(self):
        self.assertInline(
            "Führung ist Beziehung – und mehr", f"Führung ist Beziehung{NBSP}– und mehr"
        )
        self.assertInline(f"schon{NBSP}– richtig", f"schon{NBSP}– richtig")

    def test_urls_and_autolinks_untouched(self):
        self.assertInline(
            "<https://example.org/a--b...> und https://example.org/x--y...z.",
            '<a href="https://example.org/a--b...">https://example.org/a--b...</a> '
            "und https://example.org/x--y...z.",
        )

    def test_raw_html_attributes_untouched(self):
        self.assertInline(
            '<span title="a -- \'b\' ...">"x"</span>', "<span title=\"a -- 'b' ...\">„x“</span>"
        )

    def test_headings_are_typeset(self):
        self.assertMarkdownRenders('## "Führung" -- geht\'s?', f"<h2>„Führung“{NBSP}– geht’s?</h2>")

    def test_headings_in_code(self):
        self.assertMarkdownRenders('## `"x" -- y`', '<h2><code>"x" -- y</code></h2>')


class TestEnglishRules(TestCase):
    default_kwargs = {"extensions": ["meta", GermanTypographyExtension(default_lang="de")]}

    def assertEnglish(self, source, expected):
        self.assertMarkdownRenders("Lang: en\n\n" + source, f"<p>{expected}</p>")

    def test_gender_star_literal(self):
        self.assertEnglish("Kund*innen and Partner*innen", "Kund*innen and Partner*innen")

    def test_quotes(self):
        self.assertEnglish("She said \"quote\" and 'quote'", "She said “quote” and ‘quote’")

    def test_quotes_in_code(self):
        self.assertEnglish('`"quote" it\'s`', '<code>"quote" it\'s</code>')

    def test_apostrophe(self):
        self.assertEnglish("it's the Joneses' house", "it’s the Joneses’ house")

    def test_dashes(self):
        self.assertEnglish(
            "word -- word, word - word, word---word, 1990--2000",
            f"word{NBSP}– word, word{NBSP}– word, word—word, 1990–2000",
        )

    def test_dashes_in_code(self):
        self.assertEnglish("`word -- word---word`", "<code>word -- word---word</code>")

    def test_ellipsis(self):
        self.assertEnglish("and yet...", "and yet…")

    def test_no_german_abbreviations_or_dates(self):
        self.assertEnglish("z. B. on 27. November", "z. B. on 27. November")

    def test_units(self):
        self.assertEnglish(
            "30 %, 5 km, § 5, No. 3, p. 12",
            f"30{NBSP}%, 5{NBSP}km, §{NBSP}5, No.{NBSP}3, p.{NBSP}12",
        )

    def test_units_in_code(self):
        self.assertEnglish("`5 km`", "<code>5 km</code>")


class TestLanguageChoice(TestCase):
    def test_default_lang_english(self):
        self.assertMarkdownRenders(
            '"quote"', "<p>“quote”</p>", extensions=[GermanTypographyExtension(default_lang="en")]
        )

    def test_meta_lang_wins_and_resets_per_document(self):
        md = markdown.Markdown(extensions=["meta", GermanTypographyExtension(default_lang="de")])
        self.assertEqual(md.convert('Lang: en\n\n"x"'), "<p>“x”</p>")
        md.reset()
        self.assertEqual(md.convert('Title: t\n\n"x"'), "<p>„x“</p>")

    def test_formatted_field_keeps_document_language(self):
        """What Pelican's reader does for Summary: reset, drop meta, convert."""
        md = markdown.Markdown(extensions=["meta", GermanTypographyExtension(default_lang="de")])
        md.convert('Lang: en\nSummary: "s"\n\nbody')
        md.preprocessors.deregister("meta")
        md.reset()
        self.assertEqual(md.convert('"s" -- z. B.'), f"<p>“s”{NBSP}– z. B.</p>")


class TestPlainText(TestCase):
    def test_title_text(self):
        self.assertEqual(typeset_text('"Führung" -- geht\'s?', "de"), f"„Führung“{NBSP}– geht’s?")
        self.assertEqual(typeset_text('"Leading" -- it\'s', "en"), f"“Leading”{NBSP}– it’s")

    def test_language_tags(self):
        self.assertEqual(typeset_text('"x"', "de_AT"), "„x“")
        self.assertEqual(typeset_text('"x"', "de-CH"), "«x»")
        self.assertEqual(typeset_text('"x"', "en-GB"), "“x”")
        self.assertEqual(typeset_text('"x" ...', "fr"), '"x" …')


class TestDates(TestCase):
    """plugins/babel_dates: month names from Babel, no system locale."""

    def test_german_and_english_long_dates(self):
        import datetime

        from babel_dates.babel_dates import format_date

        day = datetime.date(2026, 10, 1)
        self.assertEqual(format_date(day, "de"), "1. Oktober 2026")
        self.assertEqual(format_date(day, "en"), "October 1, 2026")
        self.assertEqual(format_date(day, "de-AT"), "1. Oktober 2026")
        self.assertEqual(format_date(day, "en-GB"), "1 October 2026")
        self.assertEqual(format_date(day, "de", "MMMM y"), "Oktober 2026")
        self.assertEqual(format_date(None, "de"), "")
