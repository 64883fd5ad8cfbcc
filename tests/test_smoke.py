from sqlalchemy import func, select

from gem.models import Institution


def test_reference_data_loaded(tx, people):
    with tx() as s:
        assert s.scalar(select(func.count()).select_from(Institution)) == 35
