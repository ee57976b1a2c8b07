from coach.text import clean_text


def test_control_and_format_characters_are_removed():
    assert clean_text("price\x00 too\x07 high\u200b\u202e!", 100) == "price too high!"


def test_whitespace_is_tidied_but_lines_are_kept():
    messy = "  hi   there \r\n\r\n\r\n\r\nsecond\tline  "
    assert clean_text(messy, 100) == "hi there\n\nsecond line"


def test_length_is_capped():
    assert len(clean_text("a" * 100_000, 2000)) == 2000


def test_emoji_cjk_and_rtl_text_survive():
    text = "💰 太贵了 ليس لدينا ميزانية"
    assert clean_text(text, 100) == text


def test_empty_and_blank_text_become_empty():
    assert clean_text("", 10) == ""
    assert clean_text(" \n\t \x00 ", 10) == ""


def test_runs_without_spaces_are_split_for_the_tokenizer():
    cleaned = clean_text("see " + "x" * 150 + " ok", 1000)
    assert [len(word) for word in cleaned.split(" ")] == [3, 64, 64, 22, 2]
    assert clean_text("https://example.com/a-normal-link", 100) == "https://example.com/a-normal-link"
