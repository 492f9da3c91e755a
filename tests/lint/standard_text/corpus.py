"""Planted disagreements: real 评价标准/rule pairs (the shipped rubrics, domain-patterns.md) with ONE thing changed.

Each case is a one-indicator rubric.  ``rule`` is the correct rule, ``planted`` the same rule with one change on the
line marked ``# planted``; L501 must be silent on the first and find the second at the marked line.
"""

from __future__ import annotations

from dataclasses import dataclass

LADDER = "90%以上（5分）；80%以上不满90%（3分）；70%以上不满80%（2分）；60%以上不满70%（1分）；不满60%（0分）"
LADDER_RULE = """score budget_rate:
    >=90% -> 5;
    >=80% -> 3;
    >=70% -> 2;
    >=60% -> 1;
    else 0"""
DEDUCT = "工作经费开支率≤5%，计2分；每上升1%扣0.25分，扣完为止。"
DEDUCT_RULE = "deduct admin_rate: base 2, -0.25 per 1% above 5%, pro rata"
EVENTS = "≥12次计15分，每少一次扣一分"
EVENTS_RULE = "deduct activities: base 15, -1 per missing below 12"
GOALS = (
    "设有目标（5分）；目标明确具体（3分）；目标细化、量化（3分）；符合客观实际（3分）；与项目中长期规划相关联（3分）；"
    "有明确的开始及完成时间（3分）"
)
GOALS_RULE = """checklist:
    goal_set -> 5 "设有目标";
    goal_specific -> 3 "目标明确具体";
    goal_quantified -> 3 "目标细化、量化";
    goal_realistic -> 3 "符合客观实际";
    goal_linked -> 3 "与项目中长期规划相关联";
    goal_timeline -> 3 "有明确的开始及完成时间\""""
COVERAGE = "培训覆盖率≥95%，计6分；85%（含）-95%，计4分；75%（含）-85%，计2分；低于75%不得分"
COVERAGE_RULE = """score coverage:
    >=95% -> 6;
    >=85% -> 4;
    >=75% -> 2;
    else 0"""
FAILURES = "设备故障率=0，计4分；0-5%（含），计3分；5%-10%（含），计1.5分；大于10%不得分"
FAILURES_RULE = """score failure_rate:
    ==0% -> 4;
    <=5% -> 3;
    <=10% -> 1.5;
    else 0"""

FACTS = """fact budget_rate "预算完成率": percent, in [0%, 100%]
fact admin_rate "工作经费开支率": percent, in [0%, 100%]
fact satisfaction "满意度": percent, in [0%, 100%]
fact earmarked "专款专用率": percent, in [0%, 100%]
fact coverage "培训覆盖率": percent, in [0%, 100%]
fact failure_rate "设备故障率": percent, in [0%, 100%]
fact staff_share "人员经费占比": percent, in [0%, 100%]
fact completion "完成率": percent, in [0%, 100%]
fact enterprises "服务企业数": count
fact activities "公益服务活动次数": count
fact cost "人均培训成本": money 元, > 0
fact open_application "实行公开申报": bool
fact goal_set "设有目标": bool
fact goal_specific "目标明确具体": bool
fact goal_quantified "目标细化、量化": bool
fact goal_realistic "符合客观实际": bool
fact goal_linked "与项目中长期规划相关联": bool
fact goal_timeline "有明确的开始及完成时间": bool
"""


@dataclass(frozen=True)
class Planted:
    name: str
    points: str
    standard: str
    rule: str
    planted: str  # `rule` with one change; the changed line ends with `# planted`

    def rubric(self, rule: str) -> str:
        # a fact no rule reads is fine here: only L501's findings are counted
        return (
            f'rubric planted "planted" {self.points}\n{FACTS}'
            f'indicator it "it" {self.points} {{\n  standard "{self.standard}"\n  {rule}\n}}\n'
        )

    def planted_line(self) -> int:
        lines = self.rubric(self.planted).split("\n")
        return next(i for i, line in enumerate(lines, 1) if line.endswith("# planted"))


def _swap(rule: str, old: str, new: str) -> str:
    """`rule` with the one occurrence of ``old`` replaced, that line marked."""
    assert rule.count(old) == 1, old
    lines = rule.split("\n")
    index = next(i for i, line in enumerate(lines) if old in line)
    lines[index] = lines[index].replace(old, new) + "  # planted"
    return "\n".join(lines)


def _case(name: str, points: str, standard: str, rule: str, old: str, new: str) -> Planted:
    return Planted(name, points, standard, rule, _swap(rule, old, new))


SAT = "≥95%计10分，否，计0分"
SAT_RULE = "score satisfaction: >=95% -> 10; else 0"
ENT = "≥120家计15分"
ENT_RULE = "score enterprises: >=120 -> 15; else 0"
EAR = "专款专用率=专项资金用于该项目支出金额/预算支出资金总额，100%（5分），否则不计分"
EAR_RULE = "score earmarked: ==100% -> 5; else 0"
YES = "是，计1分；否，计0分。"
YES_RULE = "when open_application -> 1; else 0"
STAFF = "人员经费占比≤60%，计4分；每超过一个百分点扣0.4分，扣完为止"
STAFF_RULE = "deduct staff_share: base 4, -0.4 per 1% above 60%, pro rata"
DONE = "完成率100%计满分，每低于4%扣1分，扣完为止"
DONE_RULE = "deduct completion: base 5, -1 per 4% below 100%, whole steps"
COST = "反向指标：指标值/实际值 × 分值"
COST_RULE = "proportional cost against 2000元 lower"
BETWEEN = "满意度≥90%，得10分；80%≤满意度<90%，得8分；满意度<80%，不得分"
BETWEEN_RULE = """score satisfaction:
    >=90% -> 10;
    >=80% -> 8;
    else 0"""
# the same six items as GOALS, listed in another order: paired by label
GOALS_REORDERED = """checklist:
    goal_timeline -> 3 "有明确的开始及完成时间";
    goal_linked -> 3 "与项目中长期规划相关联";
    goal_realistic -> 3 "符合客观实际";
    goal_quantified -> 3 "目标细化、量化";
    goal_specific -> 3 "目标明确具体";
    goal_set -> 5 "设有目标\""""
TOP = "90%以上（10分）"
TOP_RULE = "score budget_rate: >=90% -> 10; else 0"

CORPUS: tuple[Planted, ...] = (
    _case("ladder-threshold-first", "5", LADDER, LADDER_RULE, ">=90% -> 5", ">=85% -> 5"),
    _case("ladder-inclusive-second", "5", LADDER, LADDER_RULE, ">=80% -> 3", ">80% -> 3"),
    _case("ladder-points-third", "5", LADDER, LADDER_RULE, ">=70% -> 2", ">=70% -> 3"),
    _case("ladder-threshold-fourth", "5", LADDER, LADDER_RULE, ">=60% -> 1", ">=65% -> 1"),
    _case("ladder-else-points", "5", LADDER, LADDER_RULE, "else 0", "else 1"),
    _case("ladder-points-first", "5", LADDER, LADDER_RULE, ">=90% -> 5", ">=90% -> 4"),
    _case("ladder-direction-second", "5", LADDER, LADDER_RULE, ">=80% -> 3", "<=80% -> 3"),
    _case("all-or-nothing-threshold", "10", SAT, SAT_RULE, ">=95%", ">=90%"),
    _case("all-or-nothing-exclusive", "10", SAT, SAT_RULE, ">=95%", ">95%"),
    _case("all-or-nothing-points", "10", SAT, SAT_RULE, "else 0", "else 2"),
    _case("count-threshold", "15", ENT, ENT_RULE, ">=120", ">=100"),
    _case("count-exclusive", "15", ENT, ENT_RULE, ">=120", ">120"),
    _case("exact-hundred-percent", "5", EAR, EAR_RULE, "==100%", ">=95%"),
    _case("deduct-threshold", "2", DEDUCT, DEDUCT_RULE, "above 5%", "above 6%"),
    _case("deduct-direction", "2", DEDUCT, DEDUCT_RULE, "above 5%", "below 5%"),
    _case("deduct-rate", "2", DEDUCT, DEDUCT_RULE, "-0.25", "-0.5"),
    _case("deduct-step", "2", DEDUCT, DEDUCT_RULE, "per 1%", "per 2%"),
    _case("deduct-base", "2", DEDUCT, DEDUCT_RULE, "base 2", "base 1.5"),
    _case("missing-threshold", "15", EVENTS, EVENTS_RULE, "below 12", "below 10"),
    _case("missing-rate", "15", EVENTS, EVENTS_RULE, "-1 per", "-2 per"),
    _case("missing-step", "15", EVENTS, EVENTS_RULE, "per missing", "per 2"),
    _case("missing-direction", "15", EVENTS, EVENTS_RULE, "below 12", "above 12"),
    _case("percent-point-threshold", "4", STAFF, STAFF_RULE, "above 60%", "above 50%"),
    _case("percent-point-rate", "4", STAFF, STAFF_RULE, "-0.4", "-0.04"),
    _case("full-marks-step", "5", DONE, DONE_RULE, "per 4%", "per 5%"),
    _case("full-marks-threshold", "5", DONE, DONE_RULE, "below 100%", "below 95%"),
    _case("yes-points", "1", YES, YES_RULE, "-> 1", "-> 0.5"),
    _case("no-points", "1", YES, YES_RULE, "else 0", "else 0.5"),
    _case("checklist-points", "20", GOALS, GOALS_RULE, "goal_quantified -> 3", "goal_quantified -> 2"),
    _case("checklist-first-points", "20", GOALS, GOALS_RULE, "goal_set -> 5", "goal_set -> 4"),
    _case("reverse-ratio", "5", COST, COST_RULE, "2000元 lower", "2000元"),
    _case("interval-lower-end", "6", COVERAGE, COVERAGE_RULE, ">=85% -> 4", ">=86% -> 4"),
    _case("interval-inclusive", "6", COVERAGE, COVERAGE_RULE, ">=75% -> 2", ">75% -> 2"),
    _case("interval-points", "6", COVERAGE, COVERAGE_RULE, ">=95% -> 6", ">=95% -> 5"),
    _case("lower-better-inclusive", "4", FAILURES, FAILURES_RULE, "<=5% -> 3", "<5% -> 3"),
    _case("lower-better-points", "4", FAILURES, FAILURES_RULE, "<=10% -> 1.5", "<=10% -> 2"),
    _case("lower-better-threshold", "4", FAILURES, FAILURES_RULE, "<=10% -> 1.5", "<=12% -> 1.5"),
    _case("implicit-else-threshold", "10", TOP, TOP_RULE, ">=90%", ">=95%"),
    _case("between-inclusive", "10", BETWEEN, BETWEEN_RULE, ">=80% -> 8", ">80% -> 8"),
    _case("between-points", "10", BETWEEN, BETWEEN_RULE, ">=80% -> 8", ">=80% -> 6"),
    _case("checklist-reordered-points", "20", GOALS, GOALS_REORDERED, "goal_set -> 5", "goal_set -> 4"),
)
