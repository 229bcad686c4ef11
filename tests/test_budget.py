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
