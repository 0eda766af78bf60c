"""Weekly review records: what each week's review said, one item per week (by its last day).

The record is what the next review continues: its streak. It is written before the email is sent and
never replaced, so that a review sent again after a failure says what was recorded the first time.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from rapport.domain.review import Review
from rapport.storage import keys
from rapport.storage.dynamo import Table, to_item
from rapport.storage.item_types import ItemType
from rapport.storage.shapes import review as shape
from rapport.storage.shapes.review import ReviewRecord

LOOK_BACK = timedelta(days=13)  # the previous week, whatever review day was in force then


class Reviews:
    def __init__(self, table: Table):
        self._table = table

    def record(self, networker_id: str, review: Review, at: datetime) -> ReviewRecord:
        """This week's record, kept if one is there already (a retry): the one in force is returned."""
        record = ReviewRecord(
            week_first=review.week.first,
            week_last=review.week.last,
            results=review.results,
            on_target=review.on_target,
            streak=review.streak,
            recorded_at=at,
        )
        key = {"pk": keys.networker(networker_id), "sk": keys.review(review.week.last), "type": ItemType.REVIEW}
        if self._table.put_new(to_item(key | shape.to_item(record))):
            return record
        stored = self._table.get(key["pk"], key["sk"])
        assert stored is not None  # put_new found it there
        return ReviewRecord.model_validate(shape.record_fields(stored))

    def previous(self, networker_id: str, week_last: date) -> ReviewRecord | None:
        """The latest review of the two weeks before the one ending on `week_last`: a change of review
        day does not break a streak."""
        bounds = keys.reviews_between(week_last - LOOK_BACK, week_last - timedelta(days=1))
        items = list(self._table.between(keys.networker(networker_id), *bounds))
        return ReviewRecord.model_validate(shape.record_fields(items[-1])) if items else None
