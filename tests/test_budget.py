"""split_by_year: money over calendar years by whole months (issue 9: the
way förbund budget), in whole kronor that add up."""

import datetime

from ansokningar.budget import manader, split_by_year

D = datetime.date


def test_split_over_two_full_years():
    # By months, not days: the leap year 2024 gets no more than 2023.
    assert split_by_year(1362000, D(2023, 1, 1), D(2024, 12, 31)) == {2023: 681_000, 2024: 681_000}


def test_split_follows_whole_months():
    # 2021-04-01 – 2023-03-31: 9, 12 and 3 of 24 months; the odd krona to
    # the largest remainder (2022's half krona).
    assert manader(D(2021, 4, 1), D(2023, 3, 31)) == {2021: 9, 2022: 12, 2023: 3}
    assert split_by_year(24_000, D(2021, 4, 1), D(2023, 3, 31)) == {2021: 9_000, 2022: 12_000, 2023: 3_000}
    parts = split_by_year(100_001, D(2021, 4, 1), D(2023, 3, 31))
    assert parts == {2021: 37_500, 2022: 50_001, 2023: 12_500}


def test_a_month_counts_when_the_period_covers_part_of_it():
    assert manader(D(2021, 4, 15), D(2021, 12, 31)) == {2021: 9}
    assert manader(D(2021, 12, 31), D(2022, 1, 1)) == {2021: 1, 2022: 1}
    assert split_by_year(12_000, D(2021, 7, 15), D(2022, 6, 10)) == {2021: 6_000, 2022: 6_000}


def test_split_within_one_year_and_without_dates():
    assert split_by_year(500, D(2026, 1, 1), D(2026, 6, 30)) == {2026: 500}
    assert split_by_year(500, None, None) == {None: 500}
    assert split_by_year(0, None, None) == {}
    assert split_by_year(500, D(9998, 7, 1), D(9999, 12, 31)) == {9998: 167, 9999: 333}


def test_split_uses_whole_numbers_even_for_huge_amounts():
    """Remainders are compared as integers (amount × months mod total
    months): a float would lose the kronor of amounts this large."""
    from fractions import Fraction

    amount = 987_654_321_987_654_321
    start, end = D(2021, 4, 1), D(2023, 3, 31)
    parts = split_by_year(amount, start, end)
    assert sum(parts.values()) == amount
    months = {2021: 9, 2022: 12, 2023: 3}
    for year, kr in parts.items():
        assert abs(Fraction(kr) - Fraction(amount * months[year], 24)) < 1


def test_equal_remainders_go_to_the_earlier_year():
    # 1 kr over two years of twelve months each: the remainders tie, 2025 gets it.
    assert split_by_year(1, D(2025, 1, 1), D(2026, 12, 31)) == {2025: 1, 2026: 0}
