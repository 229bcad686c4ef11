import datetime

from ansokningar.budget import split_by_year

D = datetime.date


def test_split_over_two_full_years():
    assert split_by_year(1362000, D(2023, 1, 1), D(2024, 12, 31)) == {2023: 680_068, 2024: 681_932}  # 2024 is a leap year


def test_split_adds_up_and_follows_days():
    parts = split_by_year(100_001, D(2021, 4, 1), D(2023, 3, 31))
    assert sum(parts.values()) == 100_001
    assert set(parts) == {2021, 2022, 2023}
    assert parts[2022] > parts[2021] > parts[2023]


def test_split_within_one_year_and_without_dates():
    assert split_by_year(500, D(2026, 1, 1), D(2026, 6, 30)) == {2026: 500}
    assert split_by_year(500, None, None) == {None: 500}
    assert split_by_year(0, None, None) == {}


def test_split_uses_whole_numbers_even_for_huge_amounts():
    """Remainders are compared as integers (amount × days mod total days): a
    float would lose the kronor of amounts this large."""
    from fractions import Fraction

    amount = 987_654_321_987_654_321
    start, end = D(2021, 4, 1), D(2023, 3, 31)
    parts = split_by_year(amount, start, end)
    assert sum(parts.values()) == amount
    days = {2021: 275, 2022: 365, 2023: 90}
    total = sum(days.values())
    for year, kr in parts.items():
        assert abs(Fraction(kr) - Fraction(amount * days[year], total)) < 1


def test_equal_remainders_go_to_the_earlier_year():
    # 1 kr over two years of 365 days each: the remainders tie, 2025 gets it.
    assert split_by_year(1, D(2025, 1, 1), D(2026, 12, 31)) == {2025: 1, 2026: 0}
