"""The typed AST: small immutable nodes, each carrying its source span.

Spans are excluded from equality, so ``parse(format(x)) == parse(x)`` compares meaning, not layout.  Nodes
carry no behaviour: checking, evaluation and rendering live in their own stages and keep what they learn in
side tables.  Literal values are already exact: percents are shares (``90%`` is ``Decimal("0.9")``) and money
is in 元 (``50万元`` is ``Decimal("500000")``); the literal's source text is kept for faithful rendering.

The nodes live in three modules (expressions, rules, tree); every public name is re-exported here, so
``from rubricdsl.syntax.nodes import X`` and ``nodes.X`` keep working.
"""

from __future__ import annotations

from rubricdsl.syntax.nodes.expressions import ARITHMETIC as ARITHMETIC
from rubricdsl.syntax.nodes.expressions import COMPARISON as COMPARISON
from rubricdsl.syntax.nodes.expressions import LIST_FUNCTIONS as LIST_FUNCTIONS
from rubricdsl.syntax.nodes.expressions import LOGICAL as LOGICAL
from rubricdsl.syntax.nodes.expressions import Aggregate as Aggregate
from rubricdsl.syntax.nodes.expressions import Binary as Binary
from rubricdsl.syntax.nodes.expressions import BoolLit as BoolLit
from rubricdsl.syntax.nodes.expressions import Call as Call
from rubricdsl.syntax.nodes.expressions import Expr as Expr
from rubricdsl.syntax.nodes.expressions import Literal as Literal
from rubricdsl.syntax.nodes.expressions import LiteralKind as LiteralKind
from rubricdsl.syntax.nodes.expressions import Name as Name
from rubricdsl.syntax.nodes.expressions import Negate as Negate
from rubricdsl.syntax.nodes.expressions import Not as Not
from rubricdsl.syntax.nodes.expressions import Op as Op
from rubricdsl.syntax.nodes.expressions import StringLit as StringLit
from rubricdsl.syntax.nodes.rules import Band as Band
from rubricdsl.syntax.nodes.rules import Branch as Branch
from rubricdsl.syntax.nodes.rules import ChecklistItem as ChecklistItem
from rubricdsl.syntax.nodes.rules import ChecklistRule as ChecklistRule
from rubricdsl.syntax.nodes.rules import Compare as Compare
from rubricdsl.syntax.nodes.rules import DeductRule as DeductRule
from rubricdsl.syntax.nodes.rules import FormRule as FormRule
from rubricdsl.syntax.nodes.rules import FormulaRule as FormulaRule
from rubricdsl.syntax.nodes.rules import Interval as Interval
from rubricdsl.syntax.nodes.rules import JudgedRule as JudgedRule
from rubricdsl.syntax.nodes.rules import JudgedWithinRule as JudgedWithinRule
from rubricdsl.syntax.nodes.rules import LevelShare as LevelShare
from rubricdsl.syntax.nodes.rules import LevelsRule as LevelsRule
from rubricdsl.syntax.nodes.rules import Outcome as Outcome
from rubricdsl.syntax.nodes.rules import ProportionalRule as ProportionalRule
from rubricdsl.syntax.nodes.rules import Ratio as Ratio
from rubricdsl.syntax.nodes.rules import Rule as Rule
from rubricdsl.syntax.nodes.rules import ScoreRule as ScoreRule
from rubricdsl.syntax.nodes.rules import StepMode as StepMode
from rubricdsl.syntax.nodes.rules import TierRange as TierRange
from rubricdsl.syntax.nodes.rules import WhenRule as WhenRule
from rubricdsl.syntax.nodes.rules import outcome_expr as outcome_expr
from rubricdsl.syntax.nodes.rules import outcome_rule as outcome_rule
from rubricdsl.syntax.nodes.tree import RESCALE as RESCALE
from rubricdsl.syntax.nodes.tree import SIBLINGS as SIBLINGS
from rubricdsl.syntax.nodes.tree import Absence as Absence
from rubricdsl.syntax.nodes.tree import Assertion as Assertion
from rubricdsl.syntax.nodes.tree import Bound as Bound
from rubricdsl.syntax.nodes.tree import Comment as Comment
from rubricdsl.syntax.nodes.tree import DefaultValue as DefaultValue
from rubricdsl.syntax.nodes.tree import FactDecl as FactDecl
from rubricdsl.syntax.nodes.tree import FactKind as FactKind
from rubricdsl.syntax.nodes.tree import FactType as FactType
from rubricdsl.syntax.nodes.tree import GradeBand as GradeBand
from rubricdsl.syntax.nodes.tree import GradeCap as GradeCap
from rubricdsl.syntax.nodes.tree import Grades as Grades
from rubricdsl.syntax.nodes.tree import Indicator as Indicator
from rubricdsl.syntax.nodes.tree import IndicatorKind as IndicatorKind
from rubricdsl.syntax.nodes.tree import ItemField as ItemField
from rubricdsl.syntax.nodes.tree import LetDecl as LetDecl
from rubricdsl.syntax.nodes.tree import LetKind as LetKind
from rubricdsl.syntax.nodes.tree import Meta as Meta
from rubricdsl.syntax.nodes.tree import NotApplicablePolicy as NotApplicablePolicy
from rubricdsl.syntax.nodes.tree import Rounding as Rounding
from rubricdsl.syntax.nodes.tree import RoundingMode as RoundingMode
from rubricdsl.syntax.nodes.tree import Rubric as Rubric
from rubricdsl.syntax.nodes.tree import Section as Section
from rubricdsl.syntax.nodes.tree import Target as Target
from rubricdsl.syntax.nodes.tree import Veto as Veto
from rubricdsl.syntax.nodes.tree import adjusts as adjusts
from rubricdsl.syntax.nodes.tree import walk_indicators as walk_indicators
