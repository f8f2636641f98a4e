"""Scoring quizzes on the server: the browser sends choice ids, never scores or correct flags."""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class QuestionResult:
    question_id: str
    correct: bool
    correct_choice_ids: frozenset[str]
    chosen_ids: frozenset[str]
    feedback: str


@dataclass(frozen=True)
class QuizResult:
    score: int  # 0..100
    passed: bool
    questions: tuple[QuestionResult, ...]


def score_quiz(quiz, answers: Mapping[str, Sequence[str]]) -> QuizResult:
    """Score ``answers`` ({question id: [choice id, …]}) against the quiz block value.

    Unknown question ids are ignored, unknown choice ids make that answer wrong, and a
    single-choice question answered with several choices is wrong.
    """
    results = []
    for question in quiz["questions"].bound_blocks:
        value = question.value
        valid = {choice.id for choice in value["choices"].bound_blocks}
        correct = frozenset(
            choice.id for choice in value["choices"].bound_blocks if choice.value["correct"]
        )
        raw = answers.get(question.id, ())
        chosen = frozenset(str(c) for c in (raw if isinstance(raw, list | tuple) else [raw]))
        ok = chosen == correct and chosen <= valid and (value["multiple"] or len(chosen) == 1)
        results.append(
            QuestionResult(question.id, ok, correct, chosen & valid, value["feedback"] or "")
        )
    total = len(results)
    score = round(100 * sum(r.correct for r in results) / total) if total else 0
    return QuizResult(score=score, passed=score >= quiz["pass_mark"], questions=tuple(results))
