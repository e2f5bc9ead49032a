#!/usr/bin/env python3
"""Independent NumPy transcription of the adaptive first-order updates as torch.optim documents
them (torch 2.x, the "Algorithm" box of Adam, AdamW, RMSprop, Adagrad, Adadelta, NAdam), of
heavy-ball momentum, NAG and fixed-step gradient descent, and of the learning-rate schedules
and gradient-norm clipping, for `AdaptiveReferenceTests`:

    python3 scripts/reference/reference-adaptive.py > results/adaptive-iterates.txt

Every case runs 20 full-gradient steps on 2-D Rosenbrock from (-1.2, 1) and prints, per step,
`case t x0 x1` with 17 significant digits. The Swift test builds the same configuration through
the library and compares each iterate to 1e-12 (relative).

Schedules (t = 0, 1, ... the iteration; W warm-up, gamma = decay, s = period):
  eta_t = eta * min(1, (t + 1)/(W + 1)) * d_t,   d_t = 1 | gamma**floor(t/s) | gamma**(t/s)
          | 1/(1 + gamma t/s) | (1 + cos(pi min(t, s)/s))/2
Clipping: g <- g * min(1, c/||g||_2).
"""
import math

import numpy as np


def rosenbrock_gradient(x):
    a, b = 1 - x[0], x[1] - x[0] ** 2
    return np.array([-2 * a - 400 * x[0] * b, 200 * b])


def rate(eta, t, decay="constant", gamma=1.0, s=1, warmup=0):
    warm = (t + 1) / (warmup + 1) if t < warmup else 1.0
    d = {"constant": lambda: 1.0,
         "step": lambda: gamma ** math.floor(t / s),
         "exponential": lambda: gamma ** (t / s),
         "inverse-time": lambda: 1 / (1 + gamma * t / s),
         "cosine": lambda: (1 + math.cos(math.pi * min(t, s) / s)) / 2}[decay]()
    return eta * warm * d


def clip(g, c):
    if c is None:
        return g
    norm = np.linalg.norm(g)
    return g * (c / norm) if norm > c else g


def adam(beta1=0.9, beta2=0.999, eps=1e-8, weight_decay=0.0, decoupled=False, amsgrad=False):
    m = v = vmax = np.zeros(2)
    t = 0

    def step(x, g, eta):
        nonlocal m, v, vmax, t
        t += 1
        if decoupled:
            x = x - eta * weight_decay * x
        else:
            g = g + weight_decay * x
        m = beta1 * m + (1 - beta1) * g
        v = beta2 * v + (1 - beta2) * g * g
        m_hat = m / (1 - beta1 ** t)
        if amsgrad:
            vmax = np.maximum(vmax, v)
            v_hat = vmax / (1 - beta2 ** t)
        else:
            v_hat = v / (1 - beta2 ** t)
        return x - eta * m_hat / (np.sqrt(v_hat) + eps)
    return step


def rmsprop(alpha=0.99, eps=1e-8, weight_decay=0.0, momentum=0.0, centered=False):
    v = mean = b = np.zeros(2)

    def step(x, g, eta):
        nonlocal v, mean, b
        g = g + weight_decay * x
        v = alpha * v + (1 - alpha) * g * g
        v_tilde = v
        if centered:
            mean = alpha * mean + (1 - alpha) * g
            v_tilde = v - mean * mean
        if momentum > 0:
            b = momentum * b + g / (np.sqrt(v_tilde) + eps)
            return x - eta * b
        return x - eta * g / (np.sqrt(v_tilde) + eps)
    return step


def adagrad(eps=1e-10, weight_decay=0.0):
    s = np.zeros(2)

    def step(x, g, eta):
        nonlocal s
        g = g + weight_decay * x
        s = s + g * g
        return x - eta * g / (np.sqrt(s) + eps)
    return step


def adadelta(rho=0.9, eps=1e-6, weight_decay=0.0):
    v = u = np.zeros(2)

    def step(x, g, eta):
        nonlocal v, u
        g = g + weight_decay * x
        v = rho * v + (1 - rho) * g * g
        delta = np.sqrt(u + eps) / np.sqrt(v + eps) * g
        u = rho * u + (1 - rho) * delta * delta
        return x - eta * delta
    return step


def nadam(beta1=0.9, beta2=0.999, eps=1e-8, weight_decay=0.0, psi=0.004):
    m = v = np.zeros(2)
    t = 0
    mus = []

    def mu(i):
        return beta1 * (1 - 0.5 * 0.96 ** (i * psi))

    def step(x, g, eta):
        nonlocal m, v, t
        t += 1
        g = g + weight_decay * x
        mus.append(mu(t))
        product = math.prod(mus)
        m = beta1 * m + (1 - beta1) * g
        v = beta2 * v + (1 - beta2) * g * g
        m_hat = mu(t + 1) * m / (1 - product * mu(t + 1)) + (1 - mu(t)) * g / (1 - product)
        v_hat = v / (1 - beta2 ** t)
        return x - eta * m_hat / (np.sqrt(v_hat) + eps)
    return step


def heavy_ball(gamma):
    v = np.zeros(2)

    def step(x, g, eta):
        nonlocal v
        v = gamma * v + eta * g
        return x - v
    return step


def nesterov(gamma):
    """Sutskever et al. 2013 in the look-ahead coordinates phi = theta - gamma v (Bengio et al. 2013)."""
    v = np.zeros(2)

    def step(phi, g, eta):
        nonlocal v
        new = gamma * v + eta * g
        phi = phi + gamma * v - (1 + gamma) * new
        v = new
        return phi
    return step


def gradient_descent():
    return lambda x, g, eta: x - eta * g


# name: (update, its hyperparameters, schedule keywords, clipping norm); the learning rate is ETA's
CASES = {
    "adam": (adam, dict(), {}, None),
    "adam-l2": (adam, dict(weight_decay=0.1), {}, None),
    "adamw": (adam, dict(weight_decay=0.1, decoupled=True), {}, None),
    "adam-beta2": (adam, dict(beta2=0.5), {}, None),
    "amsgrad": (adam, dict(beta2=0.5, amsgrad=True), {}, None),
    "rmsprop": (rmsprop, dict(), {}, None),
    "rmsprop-centered": (rmsprop, dict(alpha=0.9, momentum=0.5, centered=True, weight_decay=0.05), {}, None),
    "adagrad": (adagrad, dict(), {}, None),
    "adagrad-wd": (adagrad, dict(weight_decay=0.1), {}, None),
    "adadelta": (adadelta, dict(), {}, None),
    "adadelta-wd": (adadelta, dict(rho=0.95, weight_decay=0.1), {}, None),
    "nadam": (nadam, dict(), {}, None),
    "nadam-wd": (nadam, dict(weight_decay=0.1), {}, None),
    "adam-cosine-warmup-clip": (adam, dict(), dict(decay="cosine", s=15, warmup=4), 50.0),
    "momentum-exponential-clip": (heavy_ball, dict(gamma=0.9), dict(decay="exponential", gamma=0.5, s=5), 100.0),
    "nag-inverse-time-warmup": (nesterov, dict(gamma=0.9), dict(decay="inverse-time", gamma=0.5, s=2, warmup=3), None),
    "gd-step-clip": (gradient_descent, dict(), dict(decay="step", gamma=0.5, s=3), 10.0),
}

# The base learning rate of each case (the adaptive ones take torch's default unless given).
ETA = {"adam": 0.01, "adam-l2": 0.01, "adamw": 0.01, "adam-beta2": 0.01, "amsgrad": 0.01, "rmsprop": 0.01,
       "rmsprop-centered": 0.01, "adagrad": 0.1, "adagrad-wd": 0.1, "adadelta": 1.0, "adadelta-wd": 1.0, "nadam": 0.01,
       "nadam-wd": 0.01, "adam-cosine-warmup-clip": 0.05, "momentum-exponential-clip": 1e-3,
       "nag-inverse-time-warmup": 5e-4, "gd-step-clip": 1e-3}


def main():
    for name, (make, params, schedule, c) in CASES.items():
        update = make(**params)
        x = np.array([-1.2, 1.0])
        for t in range(20):
            g = clip(rosenbrock_gradient(x), c)
            x = update(x, g, rate(ETA[name], t, **schedule))
            print(f"{name} {t + 1} {x[0]:.17g} {x[1]:.17g}")


if __name__ == "__main__":
    main()
