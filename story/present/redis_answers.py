"""A class's answers in Redis, for replicas on several machines: the rules of story/present/answers.py,
each made one step on the server by a script (a first answer, the bound, the open exit ticket)."""

from __future__ import annotations

import json

from story.present import answers as rules
from story.present.answers import (
    DEFAULT_LIFETIME_S,
    FIELD_MAX,
    Answer,
    Recorded,
    Ticket,
    _one_line,
    ticket_question,
    written_answer,
)
from story.present.channel import ChannelDownError, redis_client

# First answer only and the bound, in one step on the server: HSETNX alone cannot count.
_RECORD = """
if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 1 then return 'already' end
if redis.call('HLEN', KEYS[1]) >= tonumber(ARGV[3]) then return 'full' end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
redis.call('EXPIRE', KEYS[1], ARGV[4])
return 'kept'
"""

# A written answer: only to the open ticket, in place of the follower's last, within the bound.
_WRITE = """
if redis.call('HGET', KEYS[2], 'open') ~= '1' or redis.call('HGET', KEYS[2], 'number') ~= ARGV[5] then
  return 'closed'
end
if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 0 and redis.call('HLEN', KEYS[1]) >= tonumber(ARGV[3]) then
  return 'full'
end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
redis.call('EXPIRE', KEYS[1], ARGV[4])
return 'kept'
"""

# A new ticket: the next number, its question, open, in one step.
_ASK = """
local number = redis.call('HINCRBY', KEYS[1], 'number', 1)
redis.call('HSET', KEYS[1], 'question', ARGV[1], 'open', '1')
redis.call('EXPIRE', KEYS[1], ARGV[2])
return number
"""


class RedisAnswers:
    """Answers in Redis, one hash per presentation, for replicas on several machines. The hash lives
    LIFETIME_S after its last answer (Redis has no lifetime per field)."""

    def __init__(self, url: str, lifetime_s: float = DEFAULT_LIFETIME_S) -> None:
        self._redis, self._errors = redis_client(url)
        self._lifetime_s = lifetime_s
        self._record = self._redis.register_script(_RECORD)
        self._write = self._redis.register_script(_WRITE)
        self._ask = self._redis.register_script(_ASK)

    @staticmethod
    def _key(code: str) -> str:
        return f"qantar:answers:{code}"

    def record(self, code: str, answer: Answer) -> Recorded:
        a = answer.bounded()
        field = json.dumps([a.follower, a.step, a.check])
        value = json.dumps([a.answer, a.correct, a.at, a.name])
        try:
            said = self._record(
                keys=[self._key(code)], args=[field, value, rules.MAX_ANSWERS, max(1, int(self._lifetime_s))]
            )
        except self._errors as error:
            raise ChannelDownError(str(error)) from None
        return Recorded(said)

    def answers(self, code: str, step: str | None = None) -> list[Answer]:
        try:
            kept: dict[str, str] = self._redis.hgetall(self._key(code))
        except self._errors as error:
            raise ChannelDownError(str(error)) from None
        found = []
        for field, value in kept.items():
            follower, step_id, check = json.loads(field)
            text, correct, at, name = json.loads(value)
            if step is None or step_id == step:
                found.append(Answer(follower, step_id, int(check), text, correct, float(at), name))
        return sorted(found, key=lambda a: a.at)

    def forget(self, code: str) -> None:
        try:
            self._redis.delete(self._key(code), self._shown_key(code), self._ticket_key(code))
        except self._errors as error:
            raise ChannelDownError(str(error)) from None

    @staticmethod
    def _shown_key(code: str) -> str:
        return f"qantar:answers-shown:{code}"

    def reveal(self, code: str, step: str | None) -> None:
        try:
            if step is None:
                self._redis.delete(self._shown_key(code))
            else:
                self._redis.set(self._shown_key(code), _one_line(step, FIELD_MAX), ex=max(1, int(self._lifetime_s)))
        except self._errors as error:
            raise ChannelDownError(str(error)) from None

    def revealed(self, code: str) -> str | None:
        try:
            shown: str | None = self._redis.get(self._shown_key(code))
        except self._errors as error:
            raise ChannelDownError(str(error)) from None
        return shown

    @staticmethod
    def _ticket_key(code: str) -> str:
        return f"qantar:ticket:{code}"

    def ask(self, code: str, question: str) -> Ticket:
        text = ticket_question(question)
        try:
            number = self._ask(keys=[self._ticket_key(code)], args=[text, max(1, int(self._lifetime_s))])
        except self._errors as error:
            raise ChannelDownError(str(error)) from None
        return Ticket(int(number), text, True)

    def close(self, code: str) -> None:
        try:
            if self._redis.exists(self._ticket_key(code)):
                self._redis.hset(self._ticket_key(code), "open", "0")
        except self._errors as error:
            raise ChannelDownError(str(error)) from None

    def ticket(self, code: str) -> Ticket | None:
        try:
            kept: dict[str, str] = self._redis.hgetall(self._ticket_key(code))
        except self._errors as error:
            raise ChannelDownError(str(error)) from None
        if "number" not in kept:
            return None
        return Ticket(int(kept["number"]), kept.get("question", ""), kept.get("open") == "1")

    def write(self, code: str, number: int, answer: Answer) -> Recorded:
        a = written_answer(answer, number)
        field = json.dumps([a.follower, a.step, a.check])
        lifetime = max(1, int(self._lifetime_s))
        try:
            # A change keeps the time of the first answer (only this follower writes this field).
            before: str | None = self._redis.hget(self._key(code), field)
            at = json.loads(before)[2] if before else a.at
            value = json.dumps([a.answer, a.correct, at, a.name])
            said = self._write(
                keys=[self._key(code), self._ticket_key(code)],
                args=[field, value, rules.MAX_ANSWERS, lifetime, str(int(number))],
            )
        except self._errors as error:
            raise ChannelDownError(str(error)) from None
        return Recorded(said)
