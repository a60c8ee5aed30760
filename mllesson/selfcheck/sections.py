"""Where the book teaches each task and each usual mistake: one table.

The self-checks end every failure with the section to read; the grader's
feedback and dashboard can link the same sections. A section is
``(chapter, anchor, heading)``: the chapter's file name without ``.md``, the
id of the heading on the website, and the heading as the book writes it.
"""

from .. import _site

__all__ = ["CHAPTERS", "MISTAKES", "TASKS", "link", "where_to_read"]

#: Each chapter's title, by its file name.
CHAPTERS = {
    "01-hypothesis": "The hypothesis: from a score to a probability",
    "02-cost": "The cost function: scoring probabilities",
    "03-gradient-descent": "Gradient descent",
    "04-multiclass": "Multiclass classification",
    "05-regularisation": "Regularisation",
    "06-perceptron": "The perceptron: a neuron that learns",
    "07-feedforward": "Feed-forward networks",
    "08-backpropagation": "Backpropagation: training a network",
}

#: The section each task re-implements, by function name (ps05's penalised
#: cost and gradient under their own keys).
TASKS = {
    "sigmoid": ("01-hypothesis", "the-sigmoid-function", "The sigmoid function"),
    "hypothesis": ("01-hypothesis", "the-hypothesis", "The hypothesis"),
    "predict": (
        "01-hypothesis",
        "from-a-probability-to-a-class",
        "From a probability to a class",
    ),
    "log_loss": ("02-cost", "the-log-loss", "The log-loss"),
    "logistic_cost": (
        "02-cost",
        "computing-the-cost-without-overflowing",
        "Computing the cost without overflowing",
    ),
    "logistic_gradient": (
        "02-cost",
        "the-loss-in-terms-of-the-logit-and-its-slope",
        "The loss in terms of the logit, and its slope",
    ),
    "gradient_descent": (
        "03-gradient-descent",
        "the-gradient-of-the-logistic-cost",
        "The gradient of the logistic cost",
    ),
    "sgd": (
        "03-gradient-descent",
        "batch-stochastic-and-mini-batch-descent",
        "Batch, stochastic and mini-batch descent",
    ),
    "standardize": ("03-gradient-descent", "feature-scaling", "Feature scaling"),
    "softmax": ("04-multiclass", "softmax-regression", "Softmax regression"),
    "one_vs_all": (
        "04-multiclass",
        "three-classes-three-binary-problems",
        "Three classes, three binary problems",
    ),
    "predict_one_vs_all": (
        "04-multiclass",
        "classifying-a-new-example",
        "Classifying a new example",
    ),
    "map_feature": (
        "05-regularisation",
        "too-simple-about-right-too-flexible",
        "Too simple, about right, too flexible",
    ),
    "logistic_cost with a penalty": ("05-regularisation", "the-penalty", "The penalty"),
    "logistic_gradient with a penalty": (
        "05-regularisation",
        "why-the-intercept-is-not-penalised",
        "Why the intercept is not penalised",
    ),
    "mcculloch_pitts": (
        "06-perceptron",
        "from-a-nerve-cell-to-a-threshold-unit",
        "From a nerve cell to a threshold unit",
    ),
    "perceptron_update": ("06-perceptron", "the-learning-rule", "The learning rule"),
    "perceptron_fit": ("06-perceptron", "watching-it-learn", "Watching it learn"),
    "relu": ("07-feedforward", "activation-functions", "Activation functions"),
    "leaky_relu": ("07-feedforward", "activation-functions", "Activation functions"),
    "init_params": ("07-feedforward", "layers", "Layers"),
    "forward": ("07-feedforward", "the-forward-pass", "The forward pass"),
    "nn_cost": ("08-backpropagation", "training-end-to-end", "Training end to end"),
    "backward": (
        "08-backpropagation",
        "the-backward-pass-of-an-layer-network",
        "The backward pass of an $L$-layer network",
    ),
    "numerical_gradient": (
        "08-backpropagation",
        "gradient-checking",
        "Gradient checking",
    ),
    "relative_error": ("08-backpropagation", "gradient-checking", "Gradient checking"),
}

#: The section that teaches each mistake of the catalogues
#: (:mod:`~mllesson.selfcheck.mistakes`), by its message.
MISTAKES = {
    "the activation's derivative is dropped: dZ = (dZ_next W) ⊙ g'(Z) in every hidden layer.": (  # noqa: E501
        "08-backpropagation",
        "the-backward-pass-of-an-layer-network",
        "The backward pass of an $L$-layer network",
    ),
    "the 1/m is missing from dZ of the output layer.": (
        "08-backpropagation",
        "the-backward-pass-of-an-layer-network",
        "The backward pass of an $L$-layer network",
    ),
    "the sign is flipped: the output layer's dZ is (A − Y)/m.": (
        "08-backpropagation",
        "the-backward-pass-of-an-layer-network",
        "The backward pass of an $L$-layer network",
    ),
    "the biases are regularised: only dW gets (λ/m) W.": (
        "08-backpropagation",
        "the-backward-pass-of-an-layer-network",
        "The backward pass of an $L$-layer network",
    ),
    "the penalty's gradient is (λ/m) W: the 1/m is missing.": (
        "08-backpropagation",
        "the-backward-pass-of-an-layer-network",
        "The backward pass of an $L$-layer network",
    ),
    "the minus sign is missing: the cost must be positive.": (
        "02-cost",
        "where-the-log-loss-comes-from-maximum-likelihood",
        "Where the log-loss comes from: maximum likelihood",
    ),
    "you summed instead of averaging (missing 1/m).": (
        "02-cost",
        "the-log-loss",
        "The log-loss",
    ),
    "y and 1 − y are swapped between the two log terms.": (
        "02-cost",
        "the-log-loss",
        "The log-loss",
    ),
    "finite but wrong for large |θᵀx|: clipping the probabilities caps each term at −log(eps). Compute from the logits, log(1 + e^z) − y z, with np.logaddexp.": (  # noqa: E501
        "02-cost",
        "computing-the-cost-without-overflowing",
        "Computing the cost without overflowing",
    ),
    "θ₀ is regularised: the penalty sums θ_j² for j ≥ 1 only.": (
        "05-regularisation",
        "why-the-intercept-is-not-penalised",
        "Why the intercept is not penalised",
    ),
    "the penalty should be λ/(2m), not λ/m.": (
        "05-regularisation",
        "the-penalty",
        "The penalty",
    ),
    "the penalty should be λ/(2m): the 1/m is missing.": (
        "05-regularisation",
        "the-penalty",
        "The penalty",
    ),
    "the penalty λ/(2m) Σθ_j² is missing, or lam is ignored.": (
        "05-regularisation",
        "the-penalty",
        "The penalty",
    ),
    "the biases are missing: Z = A W^T + b.": (
        "07-feedforward",
        "the-forward-pass",
        "The forward pass",
    ),
    "the output layer uses the hidden activation; it must use `output`.": (
        "07-feedforward",
        "the-forward-pass",
        "The forward pass",
    ),
    "the hidden layers have no activation: apply `hidden` to every hidden Z.": (
        "07-feedforward",
        "the-forward-pass",
        "The forward pass",
    ),
    "softmax must normalise each row (one example), not each column.": (
        "07-feedforward",
        "the-forward-pass",
        "The forward pass",
    ),
    "the step goes uphill: θ ← θ − α∇J, with a minus.": (
        "03-gradient-descent",
        "one-parameter-which-way-is-downhill",
        "One parameter: which way is downhill?",
    ),
    "history[k] must be the cost before step k (history[0] is the cost at θ0).": (
        "03-gradient-descent",
        "batch-stochastic-and-mini-batch-descent",
        "Batch, stochastic and mini-batch descent",
    ),
    "lam is not passed on to the cost and gradient.": (
        "03-gradient-descent",
        "batch-stochastic-and-mini-batch-descent",
        "Batch, stochastic and mini-batch descent",
    ),
    "one step too few: take exactly n_iters steps.": (
        "03-gradient-descent",
        "batch-stochastic-and-mini-batch-descent",
        "Batch, stochastic and mini-batch descent",
    ),
    "the sign is flipped: the gradient is Xᵀ(h − y)/m, not Xᵀ(y − h)/m.": (
        "02-cost",
        "the-loss-in-terms-of-the-logit-and-its-slope",
        "The loss in terms of the logit, and its slope",
    ),
    "the 1/m is missing.": (
        "02-cost",
        "the-loss-in-terms-of-the-logit-and-its-slope",
        "The loss in terms of the logit, and its slope",
    ),
    "you forgot the sigmoid: that is linear regression's gradient Xᵀ(Xθ − y)/m.": (
        "02-cost",
        "why-not-squared-error",
        "Why not squared error?",
    ),
    "θ₀ is regularised: leave the intercept's component alone.": (
        "05-regularisation",
        "why-the-intercept-is-not-penalised",
        "Why the intercept is not penalised",
    ),
    "the penalty's gradient is (λ/m)θ_j, not (λ/2m)θ_j.": (
        "05-regularisation",
        "the-penalty",
        "The penalty",
    ),
    "the penalty's gradient is (λ/m)θ_j: the 1/m is missing.": (
        "05-regularisation",
        "the-penalty",
        "The penalty",
    ),
    "the penalty's gradient (λ/m)θ_j is missing, or lam is ignored.": (
        "05-regularisation",
        "the-penalty",
        "The penalty",
    ),
    "you forgot the sigmoid: h = σ(θᵀx), not θᵀx.": (
        "01-hypothesis",
        "the-hypothesis",
        "The hypothesis",
    ),
    "sign flipped: h = σ(+θᵀx).": ("01-hypothesis", "the-hypothesis", "The hypothesis"),
    "the intercept is missing: X already has a column of ones, use all of θ.": (
        "01-hypothesis",
        "the-hypothesis",
        "The hypothesis",
    ),
    "alpha is ignored: negative inputs get the slope alpha, not 0.": (
        "07-feedforward",
        "activation-functions",
        "Activation functions",
    ),
    "the slope alpha belongs to the negative side: z if z > 0, else alpha·z.": (
        "07-feedforward",
        "activation-functions",
        "Activation functions",
    ),
    "negative inputs give alpha·z, not the constant alpha.": (
        "07-feedforward",
        "activation-functions",
        "Activation functions",
    ),
    "the minus sign is missing: the loss must be positive.": (
        "02-cost",
        "where-the-log-loss-comes-from-maximum-likelihood",
        "Where the log-loss comes from: maximum likelihood",
    ),
    "the probabilities are not clipped to [eps, 1 − eps] before the log.": (
        "02-cost",
        "the-log-loss",
        "The log-loss",
    ),
    "the column of ones is missing: it comes first.": (
        "05-regularisation",
        "too-simple-about-right-too-flexible",
        "Too simple, about right, too flexible",
    ),
    "the powers are swapped: within degree i, x1's power goes down from i while x2's goes up from 0.": (  # noqa: E501
        "05-regularisation",
        "too-simple-about-right-too-flexible",
        "Too simple, about right, too flexible",
    ),
    "the degree-i terms are x1^(i−j) · x2^j, not x1^i · x2^j.": (
        "05-regularisation",
        "too-simple-about-right-too-flexible",
        "Too simple, about right, too flexible",
    ),
    "the highest degree is missing: go up to and including degree.": (
        "05-regularisation",
        "too-simple-about-right-too-flexible",
        "Too simple, about right, too flexible",
    ),
    "you used > where the unit fires at ≥: a sum exactly at the threshold fires.": (
        "06-perceptron",
        "logic-gates-from-one-unit",
        "Logic gates from one unit",
    ),
    "the comparison is reversed: the unit fires (1) when the sum reaches the threshold.": (  # noqa: E501
        "06-perceptron",
        "logic-gates-from-one-unit",
        "Logic gates from one unit",
    ),
    "you returned the weighted sum; return 1 where it reaches the threshold, else 0.": (
        "06-perceptron",
        "logic-gates-from-one-unit",
        "Logic gates from one unit",
    ),
    "the threshold is ignored: compare the sum with threshold, not with 0.": (
        "06-perceptron",
        "logic-gates-from-one-unit",
        "Logic gates from one unit",
    ),
    "you summed over the examples: divide by m.": (
        "08-backpropagation",
        "training-end-to-end",
        "Training end to end",
    ),
    "the biases are regularised: the penalty sums the squared weights W only.": (
        "08-backpropagation",
        "training-end-to-end",
        "Training end to end",
    ),
    "the penalty is λ/(2m) Σ‖W‖², not λ/m Σ‖W‖².": (
        "05-regularisation",
        "the-penalty",
        "The penalty",
    ),
    "the penalty λ/(2m) Σ‖W‖² is missing, or lam is ignored.": (
        "05-regularisation",
        "the-penalty",
        "The penalty",
    ),
    "divide by 2ε: the two points x ± ε are 2ε apart.": (
        "08-backpropagation",
        "gradient-checking",
        "Gradient checking",
    ),
    "that is a one-sided difference (f(x + ε) − f(x)) / ε; use the central difference (f(x + ε) − f(x − ε)) / 2ε.": (  # noqa: E501
        "08-backpropagation",
        "gradient-checking",
        "Gradient checking",
    ),
    "classifier k must learn the labels [y == k]: yours look shifted by one class.": (
        "04-multiclass",
        "three-classes-three-binary-problems",
        "Three classes, three binary problems",
    ),
    "each classifier must start from zeros; yours starts where the previous class's training ended.": (  # noqa: E501
        "04-multiclass",
        "three-classes-three-binary-problems",
        "Three classes, three binary problems",
    ),
    "lam is not passed on to the training.": (
        "04-multiclass",
        "three-classes-three-binary-problems",
        "Three classes, three binary problems",
    ),
    "the bias is never updated: b changes by η(y − ŷ) with every mistake.": (
        "06-perceptron",
        "the-learning-rule",
        "The learning rule",
    ),
    "the sign of the update is flipped: w moves by +η(y − ŷ)x.": (
        "06-perceptron",
        "the-learning-rule",
        "The learning rule",
    ),
    "the prediction uses > 0; the unit predicts 1 when w·x + b ≥ 0.": (
        "06-perceptron",
        "the-learning-rule",
        "The learning rule",
    ),
    "the prediction ignores the bias: ŷ = [w·x + b ≥ 0].": (
        "06-perceptron",
        "the-learning-rule",
        "The learning rule",
    ),
    "the learning rate is ignored.": (
        "06-perceptron",
        "the-learning-rule",
        "The learning rule",
    ),
    "the bias is not updated: b changes by η(y − ŷ) too.": (
        "06-perceptron",
        "the-learning-rule",
        "The learning rule",
    ),
    "the sign is flipped: w moves by +η(y − ŷ)x, towards a missed class-1 example.": (
        "06-perceptron",
        "the-learning-rule",
        "The learning rule",
    ),
    "the step uses y instead of the error y − ŷ, so a mistake on class 0 changes nothing.": (  # noqa: E501
        "06-perceptron",
        "the-learning-rule",
        "The learning rule",
    ),
    "the threshold argument is ignored (always 0.5).": (
        "01-hypothesis",
        "from-a-probability-to-a-class",
        "From a probability to a class",
    ),
    "the threshold was applied to θᵀx instead of to the probability σ(θᵀx).": (
        "01-hypothesis",
        "from-a-probability-to-a-class",
        "From a probability to a class",
    ),
    "you used > where the rule is ≥: a probability at the threshold is class 1.": (
        "01-hypothesis",
        "from-a-probability-to-a-class",
        "From a probability to a class",
    ),
    "the labels are flipped: class 1 is where h ≥ threshold.": (
        "01-hypothesis",
        "from-a-probability-to-a-class",
        "From a probability to a class",
    ),
    "the sigmoid was applied after thresholding; threshold the probability.": (
        "01-hypothesis",
        "from-a-probability-to-a-class",
        "From a probability to a class",
    ),
    "return the index of the best class, not its probability or score.": (
        "04-multiclass",
        "classifying-a-new-example",
        "Classifying a new example",
    ),
    "the classes are numbered from 0: yours start at 1.": (
        "04-multiclass",
        "softmax-regression",
        "Softmax regression",
    ),
    "take the class with the highest score (argmax), not the lowest.": (
        "04-multiclass",
        "softmax-regression",
        "Softmax regression",
    ),
    "divide by ‖a‖ + ‖b‖, not by ‖a‖ alone.": (
        "08-backpropagation",
        "gradient-checking",
        "Gradient checking",
    ),
    "use norms (square root of the sum of squares), not sums of absolute values.": (
        "08-backpropagation",
        "gradient-checking",
        "Gradient checking",
    ),
    "the norm of the difference is ‖a − b‖, not ‖a‖ − ‖b‖.": (
        "08-backpropagation",
        "gradient-checking",
        "Gradient checking",
    ),
    "negative inputs must give 0, not |z|.": (
        "07-feedforward",
        "activation-functions",
        "Activation functions",
    ),
    "you kept the negative part: relu(z) = max(0, z).": (
        "07-feedforward",
        "activation-functions",
        "Activation functions",
    ),
    "you returned the derivative (0 or 1), not max(0, z).": (
        "07-feedforward",
        "activation-functions",
        "Activation functions",
    ),
    "each batch must see lam * b / m (b its size): the cost divides its penalty by the rows it is given, and the penalty must stay λ/(2m).": (  # noqa: E501
        "03-gradient-descent",
        "batch-stochastic-and-mini-batch-descent",
        "Batch, stochastic and mini-batch descent",
    ),
    "the last, smaller batch of each epoch is skipped: use every example.": (
        "03-gradient-descent",
        "batch-stochastic-and-mini-batch-descent",
        "Batch, stochastic and mini-batch descent",
    ),
    "only one step per epoch: take one step per batch.": (
        "03-gradient-descent",
        "batch-stochastic-and-mini-batch-descent",
        "Batch, stochastic and mini-batch descent",
    ),
    "sign flipped in the exponent: σ(z) = 1 / (1 + e^(−z)).": (
        "01-hypothesis",
        "the-sigmoid-function",
        "The sigmoid function",
    ),
    "the 1 + is missing from the denominator.": (
        "01-hypothesis",
        "the-sigmoid-function",
        "The sigmoid function",
    ),
    "you returned 1 + e^(−z); take its reciprocal.": (
        "01-hypothesis",
        "the-sigmoid-function",
        "The sigmoid function",
    ),
    "you returned the derivative σ(z)(1 − σ(z)).": (
        "01-hypothesis",
        "the-sigmoid-function",
        "The sigmoid function",
    ),
    "you returned a step (0 or 1), not a smooth curve.": (
        "01-hypothesis",
        "the-sigmoid-function",
        "The sigmoid function",
    ),
    "normalise each row (axis=1, keepdims=True); you normalised the columns.": (
        "04-multiclass",
        "softmax-regression",
        "Softmax regression",
    ),
    "you divided by the sum of the whole array, not of each row.": (
        "04-multiclass",
        "softmax-regression",
        "Softmax regression",
    ),
    "you returned the exponentials without dividing by their sum.": (
        "04-multiclass",
        "softmax-regression",
        "Softmax regression",
    ),
    "you used the statistics of the rows (axis=1); use each column's (axis=0).": (
        "03-gradient-descent",
        "feature-scaling",
        "Feature scaling",
    ),
    "you divided by the variance; divide by the standard deviation.": (
        "03-gradient-descent",
        "feature-scaling",
        "Feature scaling",
    ),
    "use the population standard deviation (ddof=0, numpy's default).": (
        "03-gradient-descent",
        "feature-scaling",
        "Feature scaling",
    ),
    "the mean is not subtracted.": (
        "03-gradient-descent",
        "feature-scaling",
        "Feature scaling",
    ),
}


def link(section):
    """The section's address on the course website, or None if none is set."""
    chapter, anchor, _ = section
    if not _site.SITE_URL:
        return None
    base = _site.SITE_URL if _site.SITE_URL.endswith("/") else _site.SITE_URL + "/"
    return f"{base}{chapter}.html" + (f"#{anchor}" if anchor else "")


def where_to_read(section):
    """One line for a student: the link, or the chapter and section in words."""
    chapter, _, heading = section
    address = link(section)
    if address:
        return f"Read: {address}"
    return f"Read: the section “{heading}” of the chapter “{CHAPTERS[chapter]}”."
