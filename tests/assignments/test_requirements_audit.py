"""The requirements audit: what is graded is stated, and visible before hand-in.

For every hidden check of every assignment (one per grade cell, named like
it) the table below names the property it grades, the visible self-check
that checks the same property on visible inputs, and the words of the task
that state the requirement. The tests hold the table to the released
notebooks and the hidden checks, and run the visible self-checks against
every mutant of ``mutants/psNN.py``: each must be caught before hand-in, a
property mutant by the self-check named for its property.

``pytest -rP`` prints the table.
"""

import contextlib
import importlib
import inspect
import io
import re
import warnings

import nbformat
import pytest

from .course import ASSIGNMENTS, ROOT, solution_sources, tasks

HIDDEN = "### BEGIN HIDDEN TESTS"

#: assignment -> hidden check (= grade cell) -> (property, self-check, the
#: task's words that state the requirement, a regular expression).
AUDIT = {
    "ps01-hypothesis": {
        "sigmoid_values": ("values, any shape", "check_sigmoid", r"any shape"),
        "sigmoid_stable": ("finite at |z| = 1000", "check_sigmoid_stable",
                           r"\*\*finite for every input\*\*"),
        "sigmoid_vectorised": ("vectorised", "check_sigmoid_vectorised",
                               r"\*\*vectorised\*\*"),
        "hypothesis_values": ("values, shape (m,)", "check_hypothesis",
                              r"array of shape `\(m,\)`"),
        "hypothesis_vectorised": ("vectorised", "check_hypothesis_vectorised",
                                  r"Vectorised: no loop over the examples"),
        "predict_values": ("labels, ties are 1", "check_predict",
                           r"\*\*at least\*\* `threshold`"),
        "predict_threshold": ("other thresholds", "check_predict",
                              r"Threshold the probability"),
        "predict_labels": ("integer labels", "check_predict",
                           r"integer labels"),
    },
    "ps02-cost": {
        "log_loss_values": ("values", "check_log_loss", r"mean binary log-loss"),
        "log_loss_clipping": ("clipped to [eps, 1 - eps]",
                              "check_log_loss_clipping", r"clip the probabilities"),
        "log_loss_vectorised": ("vectorised", "check_log_loss_vectorised",
                                r"Vectorised: no loop over the examples"),
        "logistic_cost_values": ("values", "check_logistic_cost",
                                 r"Write `logistic_cost\(theta, X, y, lam=0.0\)`"),
        "logistic_cost_stable": ("finite for |θᵀx| of several hundred",
                                 "check_logistic_cost_stable",
                                 r"\$\|\\theta\^\\top x\|\$ up to 1000"),
        "logistic_cost_vectorised": ("vectorised", "check_logistic_cost_vectorised",
                                     r"Vectorised: no loop over the examples"),
        "logistic_gradient_values": ("values, shaped like theta",
                                     "check_logistic_gradient",
                                     r"shaped like `theta`"),
        "logistic_gradient_finite_differences": (
            "agrees with finite differences of the student's cost",
            "check_logistic_gradient_finite_differences",
            r"finite differences of \*your\* `logistic_cost`"),
        "logistic_gradient_vectorised": ("vectorised",
                                         "check_logistic_gradient_vectorised",
                                         r"Vectorised: no loop over the examples"),
    },
    "ps03-gradient-descent": {
        "gradient_descent_values": ("θ and history", "check_gradient_descent",
                                    r"Take exactly `n_iters` steps"),
        "gradient_descent_fused": ("gradient=True", "check_gradient_descent",
                                   r"If `gradient is True`"),
        "gradient_descent_inputs": ("theta0 unchanged", "check_gradient_descent",
                                    r"Never modify `theta0`"),
        "sgd_full_batch": ("batch_size >= m is gradient descent; theta0 unchanged",
                           "check_sgd",
                           r"With `batch_size >= m` there is one batch"),
        "sgd_no_shuffle": ("batches in order without shuffling", "check_sgd",
                           r"otherwise in order"),
        "sgd_converges": ("shuffled runs reach the optimum",
                          "check_sgd_converges", r"minimises the same cost"),
        "standardize_values": ("population std, zero spread gives 1",
                               "check_standardize", r"\(population\) standard"),
        "standardize_reuse": ("the given mean and std", "check_standardize",
                              r"With `mean` and `std` given"),
        "standardize_vectorised": ("vectorised", "check_standardize_vectorised",
                                   r"Vectorised: no loop over examples"),
    },
    "ps04-multiclass": {
        "softmax_values": ("values along the last axis", "check_softmax",
                           r"along the \*\*last\*\* axis"),
        "softmax_stable": ("finite for scores of ±1000", "check_softmax_stable",
                           r"subtract each row's maximum"),
        "softmax_vectorised": ("vectorised", "check_softmax_vectorised",
                               r"Vectorised, numpy only"),
        "one_vs_all_values": ("rows trained from zeros", "check_one_vs_all",
                              r"\*\*starting from zeros\*\*"),
        "one_vs_all_penalty": ("lam passed on", "check_one_vs_all",
                               r"Pass `lam` on"),
        "predict_one_vs_all_values": ("integer labels of shape (m,)",
                                      "check_predict_one_vs_all",
                                      r"as integers of shape `\(m,\)`"),
        "predict_one_vs_all_vectorised": ("vectorised",
                                          "check_predict_one_vs_all_vectorised",
                                          r"Vectorised"),
    },
    "ps05-regularisation": {
        "map_feature_values": ("columns in order", "check_map_feature",
                               r"28 columns at degree 6"),
        "map_feature_vectorised": ("vectorised", "check_map_feature_vectorised",
                                   r"a loop over the samples is not"),
        "logistic_cost_penalty": ("penalty λ/2m, θ₀ free", "check_logistic_cost",
                                  r"\\frac\{\\lambda\}\{2m\}\\sum_\{j \\ge 1\}"),
        "logistic_cost_no_penalty": ("lam = 0 is the plain cost",
                                     "check_logistic_cost",
                                     r"With `lam = 0` it is the plain cost"),
        "logistic_cost_stable": ("finite for |θᵀx| of several hundred",
                                 "check_logistic_cost_stable",
                                 r"\$\|\\theta\^\\top x\|\$ up to 1000"),
        "logistic_gradient_penalty": ("penalty gradient, θ₀ free",
                                      "check_logistic_gradient",
                                      r"except the intercept's"),
        "logistic_gradient_finite_differences": (
            "agrees with finite differences of the student's cost",
            "check_logistic_gradient_finite_differences",
            r"finite differences of \*your\* `logistic_cost`"),
    },
    "ps06-perceptron": {
        "mcculloch_pitts_values": ("0/1 where the sum reaches the threshold",
                                   "check_mcculloch_pitts",
                                   r"reaches the threshold \(\$\\ge\$\)"),
        "mcculloch_pitts_single": ("one integer for one example",
                                   "check_mcculloch_pitts", r"returns one integer"),
        "mcculloch_pitts_vectorised": ("vectorised",
                                       "check_mcculloch_pitts_vectorised",
                                       r"\*\*vectorised\*\*"),
        "perceptron_update_values": ("w and b updated", "check_perceptron_update",
                                     r"The bias is updated too"),
        "perceptron_update_inputs": ("inputs unchanged", "check_perceptron_update",
                                     r"must not be modified"),
        "perceptron_fit_ordered": ("stops after a clean epoch",
                                   "check_perceptron_fit",
                                   r"\*\*stop after the first epoch without a "
                                   r"mistake\*\*"),
        "perceptron_fit_shuffled": ("shuffled order from one generator",
                                    "check_perceptron_fit", r"`permutation\(m\)`"),
        "perceptron_fit_xor": ("runs every epoch on XOR",
                               "check_perceptron_fit_xor",
                               r"such as XOR, training never has a clean epoch"),
    },
    "ps07-feedforward": {
        "relu_values": ("values, same shape", "check_relu",
                        r"returning a float array of the same shape"),
        "relu_vectorised": ("vectorised", "check_relu_vectorised", r"Vectorised"),
        "leaky_relu_values": ("values, alpha used", "check_leaky_relu",
                              r"else \$\\alpha z\$"),
        "leaky_relu_vectorised": ("vectorised", "check_leaky_relu_vectorised",
                                  r"Vectorised, numpy only"),
        "init_params_shapes": ("(W, b) shapes, b of shape (n_l,)",
                               "check_init_params", r"`b` of shape `\(n_l,\)`"),
        "init_params_scale": ("each method's range and spread",
                              "check_init_params_scale",
                              r"standard deviation \$\\sqrt\{2 / n_\{l-1\}\}\$"),
        "init_params_seeding": ("the same seed gives the same network",
                                "check_init_params_seeding",
                                r"the same seed gives the same network"),
        "forward_output": ("A_L of shape (m, n_L)", "check_forward",
                           r"of shape `\(m, n_L\)`"),
        "forward_cache": ("the cache Z and A", "check_forward",
                          r"`Z = \[None, Z1, \.\.\., ZL\]`"),
        "forward_stable": ("finite for output logits of ±1000",
                           "check_forward_stable", r"stable for large inputs"),
        "forward_vectorised": ("vectorised", "check_forward_vectorised",
                               r"never over the examples"),
    },
    "ps08-backpropagation": {
        "nn_cost_values": ("mean loss", "check_nn_cost",
                           r"mean loss over the `m` examples"),
        "nn_cost_penalty": ("penalty on the weights only", "check_nn_cost",
                            r"\*\*weights only\*\*"),
        "nn_cost_stable": ("finite for output logits of several hundred",
                           "check_nn_cost_stable",
                           r"\*\*from the output logits\*\*"),
        "backward_output_layer": ("dW, db of the output layer", "check_backward",
                                  r"Start from \$dZ\^\{\[L\]\}"),
        "backward_hidden": ("hidden layers with g'", "check_backward",
                            r"Do not forget \$g'\$"),
        "backward_penalty": ("λ touches dW only", "check_backward",
                             r"\$\\lambda\$ touches \$dW\$ only"),
        "backward_finite_differences": (
            "agrees with finite differences of the cost",
            "check_backward_finite_differences",
            r"finite differences of the cost"),
        "backward_vectorised": ("vectorised", "check_backward_vectorised",
                                r"Vectorised over the examples"),
        "numerical_gradient_values": ("central differences",
                                      "check_numerical_gradient",
                                      r"central-difference estimate"),
        "numerical_gradient_restores": ("x restored", "check_numerical_gradient",
                                        r"`x` must be exactly as it was"),
        "relative_error_values": ("the relative error", "check_relative_error",
                                  r"a float"),
        "relative_error_zero": ("0 for two zero arrays", "check_relative_error",
                                r"0 when both arrays are zero"),
    },
}  # fmt: skip


def _released(name):
    path = ROOT / "exercises" / name / f"{name}.ipynb"
    return nbformat.read(path, as_version=4)


def _grade_cells(nb):
    """grade_id -> the cell's code as the student sees it (no hidden part)."""
    out = {}
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        if meta.get("grade") and cell.cell_type == "code":
            out[meta["grade_id"]] = cell.source.split(HIDDEN)[0]
    return out


def _task_texts(nb):
    """Solution grade_id -> the text of its task (the Markdown above it),
    with every run of white space (a line break too) one space."""
    out, text = {}, []
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        if cell.cell_type == "markdown" and cell.source.startswith("## Task"):
            text = [cell.source]
        elif cell.cell_type == "markdown" and text:
            text.append(cell.source)
        elif meta.get("solution"):
            out[meta["grade_id"]] = " ".join(" ".join(text).split())
    return out


def _task_of(name):
    """grade cell -> the solution grade_id (the task) it grades."""
    return {gid: task for task, cells in tasks(name).items() for gid, _ in cells}


def _hidden_checks(name):
    """The public functions of ``hiddenchecks/psNN.py`` (one per grade cell)."""
    module = importlib.import_module(f"hiddenchecks.{name[:4]}")
    return {
        fn_name
        for fn_name, fn in vars(module).items()
        if inspect.isfunction(fn)
        and fn.__module__ == module.__name__
        and not fn_name.startswith("_")
    }


def _table(name):
    rows = [f"| {name} | {gid} | {prop} | `{check}` |"
            for gid, (prop, check, _) in AUDIT[name].items()]  # fmt: skip
    return "\n".join(rows)


@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_every_hidden_check_is_audited(name):
    """Each grade cell, and each hidden check, has exactly one row."""
    cells = _grade_cells(_released(name))
    print("| assignment | hidden check | property | self-check |")
    print(_table(name))
    assert set(AUDIT[name]) == set(cells)
    assert set(AUDIT[name]) == _hidden_checks(name)
    master = (ROOT / "solutions" / name / f"{name}.ipynb").read_text()
    for gid in AUDIT[name]:
        assert f"{name[:4]}.{gid}(" in master, f"{gid}: no grade cell calls it"


@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_each_property_has_a_visible_self_check_in_its_task(name):
    """The named self-check runs in the released notebook, in the task's cells."""
    cells = _grade_cells(_released(name))
    task_of = _task_of(name)
    missing = []
    for gid, (_, check, _) in AUDIT[name].items():
        task_cells = [code for g, code in cells.items() if task_of[g] == task_of[gid]]
        if not any(f"selfcheck.{check}(" in code for code in task_cells):
            missing.append(f"{gid}: selfcheck.{check} is not run in its task")
    assert missing == []


@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_each_cell_with_its_own_self_check_names_the_audited_one(name):
    """A grade cell that runs a self-check runs the one audited for it."""
    cells = _grade_cells(_released(name))
    wrong = []
    for gid, code in cells.items():
        called = re.findall(r"selfcheck\.(check_\w+)\(", code)
        if called and AUDIT[name][gid][1] not in called:
            wrong.append(f"{gid} runs {called}, audited {AUDIT[name][gid][1]}")
    assert wrong == []


@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_the_task_text_states_every_graded_requirement(name):
    texts = _task_texts(_released(name))
    task_of = _task_of(name)
    unstated = [
        f"{gid} ({prop}): {words!r} not in the text of task {task_of[gid]}"
        for gid, (prop, _, words) in AUDIT[name].items()
        if not re.search(words, texts[task_of[gid]])
    ]
    assert unstated == []


#: Requirements a task may state, in its words, and the property (in the
#: audit's words) of the hidden check that must then grade it.
REQUIREMENTS = {
    "vectorised": (r"[Vv]ectorised|never over the examples|"
                   r"a loop over the samples is not", r"vectorised"),
    "finite for large inputs": (r"\bfinite (for|and)|overflow|\bstabl",
                                r"finite|clipped"),
    "inputs left unchanged": (r"not be modified|[Nn]ever modify|exactly as it was",
                              r"unchanged|restored"),
    "finite differences": (r"finite differences", r"finite differences"),
    "seeding": (r"same seed", r"same seed"),
}  # fmt: skip


@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_every_requirement_a_task_states_is_graded(name):
    """The other way round: what a task's text asks for, a hidden check grades."""
    texts = _task_texts(_released(name))
    task_of = _task_of(name)
    ungraded = []
    for task, text in texts.items():
        props = [p for g, (p, _, _) in AUDIT[name].items() if task_of[g] == task]
        for requirement, (words, graded_as) in REQUIREMENTS.items():
            stated = re.search(words, text)
            if stated and not any(re.search(graded_as, p) for p in props):
                ungraded.append(f"{task}: {requirement} ({stated[0]!r})")
    assert ungraded == []


def _run_self_checks(name, answers):
    """Run the released notebook's visible test cells on ``answers``.

    Returns the grade cells whose visible part raised (a self-check failed
    or the student's code did).
    """
    namespace = {}
    exec("import numpy as np\nimport mllesson\nfrom mllesson import selfcheck",
         namespace)  # fmt: skip
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for code in answers.values():
            exec(code, namespace)
        failed = set()
        for gid, code in _grade_cells(_released(name)).items():
            try:
                with contextlib.redirect_stdout(io.StringIO()):
                    exec(code, dict(namespace))
            except Exception:  # noqa: BLE001  (any failure shows before hand-in)
                failed.add(gid)
    return failed


@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_the_masters_pass_every_visible_self_check(name):
    assert _run_self_checks(name, solution_sources(name)) == set()


def _mutants(name):
    return importlib.import_module(f".mutants.{name[:4]}", __package__)


MUTANTS = [(name, label) for name in ASSIGNMENTS for label in _mutants(name).MUTANTS]


@pytest.mark.parametrize(("name", "label"), MUTANTS, ids=[m[1] for m in MUTANTS])
def test_every_mutant_fails_a_visible_self_check_of_its_task(name, label):
    """What the grader takes points for, the student sees before handing in."""
    module = _mutants(name)
    task, code = module.MUTANTS[label]
    answers = {**solution_sources(name), task: code.strip()}
    failed = _run_self_checks(name, answers)
    own = {gid for gid, _ in tasks(name)[task]}
    assert failed & own, f"{label}: every visible self-check of {task} passes"
    assert failed <= own, f"{label}: self-checks of other tasks fail too"
    cells = _grade_cells(_released(name))
    for gid in module.PROPERTY.get(label, ()):
        check = AUDIT[name][gid][1]
        running = {g for g, c in cells.items() if f"selfcheck.{check}(" in c}
        assert running & failed, f"{label}: {check} ({gid}'s self-check) passes"

