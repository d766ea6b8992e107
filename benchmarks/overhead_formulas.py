"""Plain torch formulas of the losses without a ``torch.nn.functional`` twin (part two).

Each formula is the loss at its default options written out with torch operations, as a
user would write it inline, from the loss' documented math (and the float64 references
in ``conformance/reference/``), never from portloss. ``benchmarks/overhead.py`` times
each beside portloss at a small shape; ``tests/test_overhead_rows.py`` checks once that
both give the same value.

Small shapes: ``32x10`` where the loss takes a batch of rows, 4 images of ``8x8``
pixels and 3 classes (class axis last, portloss's default ``axis=-1``) for the
segmentation losses, ``(4, 1, 16, 16)`` images for SSIM, and ``(1, 1, 176, 176)`` for
MS-SSIM (its five scales with an 11-pixel window need 176 pixels a side).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import torch
import torch.nn.functional as F

N, C, D = 32, 10, 16
IMG = (4, 8, 8)  # images of the segmentation losses, classes last
K = 3


def _unit(x: Any) -> Any:
    return F.normalize(x, dim=-1)


def _onehot_last(t: Any, c: int) -> Any:
    return F.one_hot(t, c).to(torch.float32)


def _masked_lse(v: Any, mask: Any) -> Any:
    return torch.logsumexp(v.masked_fill(~mask, float("-inf")), -1)


# --- margin softmaxes over class weights --------------------------------------------------


def _margin_ce(cos: Any, t: Any, target: Any, scale: float) -> Any:
    logits = cos.scatter(-1, t[:, None], target[:, None])
    return F.cross_entropy(scale * logits, t)


def arcface(e: Any, w: Any, t: Any) -> Any:
    cos = _unit(e) @ _unit(w).T
    c = cos.gather(-1, t[:, None])[:, 0]
    theta = torch.acos(c.clamp(-1, 1))
    m = 0.5
    phi = torch.where(theta + m < math.pi, torch.cos(theta + m), c - m * math.sin(m))
    return _margin_ce(cos, t, phi, 64.0)


def cosface(e: Any, w: Any, t: Any) -> Any:
    cos = _unit(e) @ _unit(w).T
    return _margin_ce(cos, t, cos.gather(-1, t[:, None])[:, 0] - 0.35, 64.0)


def sphereface(e: Any, w: Any, t: Any) -> Any:
    cos = _unit(e) @ _unit(w).T
    theta = torch.acos(cos.gather(-1, t[:, None])[:, 0].clamp(-1, 1))
    k = torch.clamp(torch.floor(4 * theta / math.pi), max=3)
    psi = (1 - 2 * torch.remainder(k, 2)) * torch.cos(4 * theta) - 2 * k
    return _margin_ce(cos, t, psi, 64.0)


# --- pair-based metric learning -----------------------------------------------------------


def _groups(y: Any) -> tuple[Any, Any]:
    same = y[:, None] == y[None, :]
    eye = torch.eye(len(y), dtype=torch.bool)
    return same & ~eye, ~same


def circle(e: Any, y: Any) -> Any:
    u = _unit(e)
    d = (1 - u @ u.T).clamp_min(0)
    pos, neg = _groups(y)
    gamma, m = 80.0, 0.4
    p = _masked_lse(-gamma * (m + d) * (m - d), pos)
    n = _masked_lse(gamma * torch.relu(1 + m - d) * (1 - m - d), neg)
    valid = pos.any(-1) & neg.any(-1)
    loss = torch.where(valid, F.softplus(torch.where(valid, p + n, 0.0)), 0.0)
    return loss.sum() / valid.sum().clamp_min(1)


def multi_similarity(e: Any, y: Any) -> Any:
    u = _unit(e)
    s = u @ u.T
    pos, neg = _groups(y)
    a, b, base = 2.0, 50.0, 0.5
    lp = torch.log1p((torch.exp(-a * (s - base)) * pos).sum(-1)) / a
    ln = torch.log1p((torch.exp(b * (s - base)) * neg).sum(-1)) / b
    return (lp + ln).mean()


def batch_hard_triplet(e: Any, y: Any) -> Any:
    d = torch.cdist(e, e)
    pos, neg = _groups(y)
    hardest_pos = d.masked_fill(~pos, float("-inf")).amax(-1)
    hardest_neg = d.masked_fill(~neg, float("inf")).amin(-1)
    valid = pos.any(-1) & neg.any(-1)
    loss = torch.relu(1.0 + hardest_pos - hardest_neg)
    return torch.where(valid, loss, 0.0).sum() / valid.sum()


def batch_all_triplet(e: Any, y: Any) -> Any:
    d = torch.cdist(e, e)
    pos, neg = _groups(y)
    triplets = pos[:, :, None] & neg[:, None, :]
    loss = torch.relu(1.0 + d[:, :, None] - d[:, None, :]) * triplets
    return loss.sum() / (loss > 0).sum().clamp_min(1)


def triplet_semihard(e: Any, y: Any) -> Any:
    d = torch.cdist(e, e)
    pos, neg = _groups(y)
    d_ap = d[:, :, None]
    beyond = neg[:, None, :] & (d[:, None, :] > d_ap)
    semi = d[:, None, :].masked_fill(~beyond, float("inf")).amin(-1)
    fallback = d.masked_fill(~neg, float("-inf")).amax(-1, keepdim=True)
    semi = torch.where(beyond.any(-1), semi, fallback)
    loss = torch.relu(1.0 + d - semi)
    return torch.where(pos, loss, 0.0).sum() / pos.sum()


def ntxent(e: Any, y: Any) -> Any:
    u = _unit(e)
    z = u @ u.T / 0.07
    pos, neg = _groups(y)
    neg_sum = (torch.exp(z) * neg).sum(-1, keepdim=True)
    loss = -z + torch.log(torch.exp(z) + neg_sum)
    return torch.where(pos, loss, 0.0).sum() / pos.sum()


def supcon(f: Any, y: Any) -> Any:
    n, views = f.shape[:2]
    u = _unit(f).transpose(0, 1).reshape(n * views, -1)
    labels = y.repeat(views)
    z = u @ u.T / 0.07
    eye = torch.eye(n * views, dtype=torch.bool)
    lse = torch.logsumexp(z.masked_fill(eye, float("-inf")), -1, keepdim=True)
    pos = (labels[:, None] == labels[None, :]) & ~eye
    count = pos.sum(-1)
    loss = -(torch.where(pos, z - lse, 0.0).sum(-1) / count)
    return loss[count > 0].mean()


# --- contrastive, ranking, distillation, preference ---------------------------------------


def infonce(a: Any, p: Any, negatives: Any) -> Any:
    candidates = torch.cat([p, negatives.reshape(-1, a.shape[-1])])
    logits = 20.0 * _unit(a) @ _unit(candidates).T
    return F.cross_entropy(logits, torch.arange(len(a)))


def siglip(u: Any, v: Any) -> Any:
    z = 10.0 * _unit(u) @ _unit(v).T - 10.0
    y = 2 * torch.eye(len(u)) - 1
    return -F.logsigmoid(y * z).sum(-1).mean()


def ranking_softmax(s: Any, y: Any) -> Any:
    return -(y * torch.log_softmax(s, -1)).sum(-1).mean()


def generalized_jsd(student: Any, teacher: Any) -> Any:
    log_q, log_p = torch.log_softmax(student, -1), torch.log_softmax(teacher, -1)
    log_m = torch.log(0.5 * log_p.exp() + 0.5 * log_q.exp())
    kl_p = (log_p.exp() * (log_p - log_m)).sum(-1)
    kl_q = (log_q.exp() * (log_q - log_m)).sum(-1)
    return (0.5 * kl_p + 0.5 * kl_q).mean()


def hinton(student: Any, teacher: Any) -> Any:
    log_q, log_p = torch.log_softmax(student, -1), torch.log_softmax(teacher, -1)
    return (log_p.exp() * (log_p - log_q)).sum(-1).mean()


def orpo(pc: Any, pr: Any) -> Any:
    log_odds = (pc - torch.log1p(-pc.exp())) - (pr - torch.log1p(-pr.exp()))
    return (-0.1 * F.logsigmoid(log_odds)).mean()


def simpo(pc: Any, pr: Any) -> Any:
    return -F.logsigmoid(0.1 * (pc - pr) - 0.5).mean()


# --- multiclass ---------------------------------------------------------------------------


def _sparsemax(z: Any) -> Any:
    zs = z.sort(-1, descending=True).values
    k = torch.arange(1, z.shape[-1] + 1, dtype=z.dtype)
    cs = zs.cumsum(-1)
    size = (1 + k * zs > cs).sum(-1, keepdim=True)
    tau = (cs.gather(-1, size - 1) - 1) / size
    return torch.relu(z - tau)


def sparsemax(s: Any, t: Any) -> Any:
    p = _sparsemax(s)
    s_y = s.gather(-1, t[:, None])[:, 0]
    return ((p * s - 0.5 * p * p).sum(-1) + 0.5 - s_y).mean()


def binary_sparsemax(s: Any, t: Any) -> Any:
    p = ((s + 1) / 2).clamp(0, 1)
    return ((p - t) * (s + 1 - p - t)).mean()


def fenchel_young(s: Any, t: Any) -> Any:
    return (torch.logsumexp(s, -1) - s.gather(-1, t[:, None])[:, 0]).mean()


def generalized_ce(p: Any, t: Any) -> Any:
    return ((1 - p.gather(-1, t[:, None])[:, 0] ** 0.5) / 0.5).mean()


def linear_ce(x: Any, w: Any, t: Any) -> Any:
    return F.cross_entropy(x @ w.T, t)


# --- binary, regression, boxes ------------------------------------------------------------


def asymmetric(x: Any, y: Any) -> Any:
    p = torch.sigmoid(x)
    p_neg = (1 - p + 0.05).clamp(max=1)
    loss = y * torch.log(p.clamp(min=1e-8)) + (1 - y) * torch.log(p_neg.clamp(min=1e-8))
    p_t = p * y + p_neg * (1 - y)
    return (-loss * (1 - p_t) ** (1.0 * y + 4.0 * (1 - y))).mean()


def balanced_bce(p: Any, y: Any) -> Any:
    loss = F.binary_cross_entropy(p, y, reduction="none")
    negative = 1 - y
    k = int(min(negative.sum().item(), math.floor(y.sum().item() * 3.0)))
    hardest = (loss * negative).masked_fill(negative == 0, float("-inf")).flatten().topk(k)
    return ((loss * y).sum() + hardest.values.sum()) / (y.sum() + k + 1e-6)


def general_adaptive(x: Any, y: Any) -> Any:
    return (torch.sqrt((x - y) ** 2 + 1) - 1).mean()


def psnr(x: Any, y: Any) -> Any:
    return 10 * torch.log10(((x - y) ** 2).mean())


def _box_terms(a: Any, b: Any) -> tuple[Any, ...]:
    lo, hi = torch.maximum(a[:, :2], b[:, :2]), torch.minimum(a[:, 2:], b[:, 2:])
    inter = (hi - lo).clamp_min(0).prod(-1)
    union = (a[:, 2:] - a[:, :2]).prod(-1) + (b[:, 2:] - b[:, :2]).prod(-1) - inter
    iou = inter / (union + 1e-7)
    wh = torch.maximum(a[:, 2:], b[:, 2:]) - torch.minimum(a[:, :2], b[:, :2])
    centre = (a[:, :2] + a[:, 2:]) / 2 - (b[:, :2] + b[:, 2:]) / 2
    return iou, union, wh, (centre**2).sum(-1)


def giou(a: Any, b: Any) -> Any:
    iou, union, wh, _ = _box_terms(a, b)
    hull = wh.prod(-1)
    return (1 - iou + (hull - union) / (hull + 1e-7)).mean()


def _diou(a: Any, b: Any) -> tuple[Any, Any]:
    iou, _, wh, rho2 = _box_terms(a, b)
    return 1 - iou + rho2 / ((wh**2).sum(-1) + 1e-7), iou


def diou(a: Any, b: Any) -> Any:
    return _diou(a, b)[0].mean()


def ciou(a: Any, b: Any) -> Any:
    d, iou = _diou(a, b)
    wa, ha = a[:, 2] - a[:, 0], a[:, 3] - a[:, 1]
    wb, hb = b[:, 2] - b[:, 0], b[:, 3] - b[:, 1]
    v = 4 / math.pi**2 * (torch.atan(wb / hb) - torch.atan(wa / ha)) ** 2
    return (d + v / (1 - iou + v + 1e-7) * v).mean()


# --- segmentation (class axis last, integer labels) ---------------------------------------


def _sums(p: Any, t: Any) -> tuple[Any, Any, Any]:
    """Per (image, class) sums of p * t, p and one-hot t over the pixels."""
    y = _onehot_last(t, p.shape[-1])
    axes = tuple(range(1, p.ndim - 1))
    return (p * y).sum(axes), p.sum(axes), y.sum(axes)


def dice(p: Any, t: Any) -> Any:
    i, ps, ts = _sums(p, t)
    return (1 - (2 * i + 1e-5) / (ps + ts + 1e-5)).mean()


def jaccard(p: Any, t: Any) -> Any:
    i, ps, ts = _sums(p, t)
    return (1 - (i + 1e-5) / (ps + ts - i + 1e-5)).mean()


def _tversky_index(p: Any, t: Any) -> Any:
    i, ps, ts = _sums(p, t)
    return (i + 1e-5) / (i + 0.5 * (ps - i) + 0.5 * (ts - i) + 1e-5)


def tversky(p: Any, t: Any) -> Any:
    return (1 - _tversky_index(p, t)).mean()


def focal_tversky(p: Any, t: Any) -> Any:
    return ((1 - _tversky_index(p, t)).clamp_min(0) ** 0.75).mean()


def generalized_dice(p: Any, t: Any) -> Any:
    i, ps, ts = _sums(p, t)
    raw = 1 / ts**2
    finite = torch.where(torch.isinf(raw), 0.0, raw)
    w = torch.where(torch.isinf(raw), finite.amax(-1, keepdim=True), raw)
    return (1 - (2 * (w * i).sum(-1) + 1e-5) / ((w * (ps + ts)).sum(-1) + 1e-5)).mean()


def dice_ce(x: Any, t: Any) -> Any:
    return dice(torch.softmax(x, -1), t) + F.cross_entropy(x.movedim(-1, 1), t)


def dice_focal(x: Any, t: Any) -> Any:
    y = _onehot_last(t, x.shape[-1])
    p = torch.sigmoid(x)
    ce = F.binary_cross_entropy_with_logits(x, y, reduction="none")
    focal = ce * (1 - (p * y + (1 - p) * (1 - y))) ** 2
    return dice(p, t) + focal.mean((1, 2)).mean()


def mcc(p: Any, y: Any) -> Any:
    tp, tn = (p * y).sum() + 1e-5, ((1 - p) * (1 - y)).sum() + 1e-5
    fp, fn = (p * (1 - y)).sum() + 1e-5, ((1 - p) * y).sum() + 1e-5
    return 1 - (tp * tn - fp * fn) / torch.sqrt((tp + fp) * (tp + fn) * (tn + fp) * (tn + fn))


def _shift(x: Any, dim: int, fill: float, fn: Callable[..., Any]) -> Any:
    pad = [0, 0] * (x.ndim - 1 - dim) + [1, 1]
    z = F.pad(x, pad, value=fill)
    n = x.shape[dim]
    return fn(fn(z.narrow(dim, 0, n), z.narrow(dim, 1, n)), z.narrow(dim, 2, n))


def _skeleton(img: Any) -> Any:
    def erode(z: Any) -> Any:
        return torch.minimum(
            _shift(z, 1, math.inf, torch.minimum), _shift(z, 2, math.inf, torch.minimum)
        )

    def dilate(z: Any) -> Any:
        return _shift(_shift(z, 1, -math.inf, torch.maximum), 2, -math.inf, torch.maximum)

    skel = torch.relu(img - dilate(erode(img)))
    for _ in range(3):
        img = erode(img)
        delta = torch.relu(img - dilate(erode(img)))
        skel = skel + torch.relu(delta - skel * delta)
    return skel


def cldice(p: Any, t: Any) -> Any:
    y = _onehot_last(t, p.shape[-1])
    sp, sy = _skeleton(p), _skeleton(y)
    prec = ((sp * y).sum((1, 2, 3)) + 1) / (sp.sum((1, 2, 3)) + 1)
    sens = ((sy * p).sum((1, 2, 3)) + 1) / (sy.sum((1, 2, 3)) + 1)
    return (1 - 2 * prec * sens / (prec + sens + 1e-4)).mean()


def hausdorff_erosion(p: Any, t: Any) -> Any:
    bound = (p - _onehot_last(t, p.shape[-1])) ** 2
    loss = torch.zeros_like(bound)
    for k in range(1, 11):
        z = F.pad(bound, (0, 0, 1, 1, 1, 1))
        cross = z[:, 1:-1, 1:-1] + z[:, :-2, 1:-1] + z[:, 2:, 1:-1] + z[:, 1:-1, :-2]
        e = torch.relu((cross + z[:, 1:-1, 2:]) / 5 - 0.5)
        lo, hi = e.amin((1, 2), keepdim=True), e.amax((1, 2), keepdim=True)
        bound = torch.where(hi > lo, (e - lo) / torch.where(hi > lo, hi - lo, 1.0), e)
        loss = loss + bound * k**2.0
    return loss.mean()


def _lovasz_grad(gt: Any) -> Any:
    total = gt.sum(-1, keepdim=True)
    jaccard = 1 - (total - gt.cumsum(-1)) / (total + (1 - gt).cumsum(-1))
    return torch.cat([jaccard[..., :1], jaccard[..., 1:] - jaccard[..., :-1]], -1)


def lovasz_hinge(x: Any, y: Any) -> Any:
    x, y = x.flatten(1), y.flatten(1).to(x.dtype)
    errors = 1 - x * (2 * y - 1)
    errors, order = errors.sort(dim=-1, descending=True, stable=True)
    return (torch.relu(errors) * _lovasz_grad(y.gather(-1, order))).sum(-1).mean()


def lovasz_softmax(p: Any, t: Any) -> Any:
    c = p.shape[-1]
    p, y = p.reshape(-1, c).T, _onehot_last(t.reshape(-1), c).T
    errors, order = (y - p).abs().sort(dim=-1, descending=True, stable=True)
    per_class = (errors * _lovasz_grad(y.gather(-1, order))).sum(-1)
    present = y.sum(-1) > 0
    return per_class[present].mean()


# --- images (channels first) --------------------------------------------------------------


def _window(channels: int) -> Any:
    d = torch.arange(11, dtype=torch.float32) - 5
    g = torch.exp(-0.5 * (d / 1.5) ** 2)
    g = g / g.sum()
    return torch.outer(g, g).expand(channels, 1, 11, 11)


def _ssim_maps(x: Any, y: Any) -> tuple[Any, Any]:
    w = _window(x.shape[1])

    def blur(z: Any) -> Any:
        return F.conv2d(z, w, groups=x.shape[1])

    c1, c2 = 0.01**2, 0.03**2
    mx, my = blur(x), blur(y)
    vx, vy, cxy = blur(x * x) - mx**2, blur(y * y) - my**2, blur(x * y) - mx * my
    cs = (2 * cxy + c2) / (vx + vy + c2)
    return (2 * mx * my + c1) / (mx**2 + my**2 + c1) * cs, cs


def ssim(x: Any, y: Any) -> Any:
    return (1 - _ssim_maps(x, y)[0]).mean()


def ms_ssim(x: Any, y: Any) -> Any:
    weights = (0.0448, 0.2856, 0.3001, 0.2363, 0.1333)
    score = torch.ones(x.shape[0])
    for j, w in enumerate(weights):
        s, cs = _ssim_maps(x, y)
        term = (s if j == len(weights) - 1 else cs).flatten(1).mean(1)
        score = score * torch.relu(term) ** w
        x, y = F.avg_pool2d(x, 2), F.avg_pool2d(y, 2)
    return (1 - score).mean()


def total_variation(x: Any) -> Any:
    tv = (x[..., 1:, :] - x[..., :-1, :]).abs().sum((-2, -1))
    return (tv + (x[..., 1:] - x[..., :-1]).abs().sum((-2, -1))).mean()


# --- inputs -------------------------------------------------------------------------------


def formula_rows() -> list[tuple[str, Callable[[], tuple[Any, ...]], Callable[..., Any]]]:
    """(loss name, inputs, formula) of the losses in this module."""
    g = torch.Generator().manual_seed(2)

    def randn(*shape: int) -> Any:
        return torch.randn(*shape, generator=g)

    def rand(*shape: int) -> Any:
        return torch.rand(*shape, generator=g)

    def ints(high: int, *shape: int) -> Any:
        return torch.randint(0, high, shape, generator=g)

    def embedded() -> tuple[Any, ...]:
        return randn(N, D), ints(4, N)  # 4 groups of about 8: every row has pairs

    def margin_softmax() -> tuple[Any, ...]:
        return randn(N, D), randn(C, D), ints(C, N)

    def probs_seg() -> tuple[Any, ...]:
        return torch.softmax(randn(*IMG, K), -1), ints(K, *IMG)

    def logits_seg() -> tuple[Any, ...]:
        return randn(*IMG, K), ints(K, *IMG)

    def logps() -> tuple[Any, ...]:
        return -rand(N) * 10 - 0.01, -rand(N) * 10 - 0.01

    def boxes() -> tuple[Any, Any]:
        def one() -> Any:
            lo = rand(N, 2)
            return torch.cat([lo, lo + rand(N, 2) + 0.1], -1)

        return one(), one()

    def binary() -> tuple[Any, Any]:
        return randn(N, C), (rand(N, C) > 0.5).float()

    def images(*shape: int) -> Callable[[], tuple[Any, Any]]:
        return lambda: (rand(*shape), rand(*shape))

    return [
        ("arcface_loss", margin_softmax, arcface),
        ("cosface_loss", margin_softmax, cosface),
        ("sphereface_loss", margin_softmax, sphereface),
        ("circle_loss", embedded, circle),
        ("multi_similarity_loss", embedded, multi_similarity),
        ("batch_hard_triplet_loss", embedded, batch_hard_triplet),
        ("batch_all_triplet_loss", embedded, batch_all_triplet),
        ("triplet_semihard_loss", embedded, triplet_semihard),
        ("ntxent_loss", embedded, ntxent),
        ("supcon_loss", lambda: (randn(N, 2, D), ints(4, N)), supcon),
        ("infonce_loss", lambda: (randn(N, D), randn(N, D), randn(N, D)), infonce),
        ("siglip_loss", lambda: (randn(N, D), randn(N, D)), siglip),
        ("ranking_softmax_loss", lambda: (randn(N, C), ints(3, N, C).float()), ranking_softmax),
        ("generalized_jsd_loss", lambda: (randn(N, C), randn(N, C)), generalized_jsd),
        ("hinton_distillation_loss", lambda: (randn(N, C), randn(N, C)), hinton),
        ("orpo_loss", logps, orpo),
        ("simpo_loss", logps, simpo),
        ("sparsemax_loss", lambda: (randn(N, C), ints(C, N)), sparsemax),
        ("binary_sparsemax_loss", lambda: (randn(N, C), ints(2, N, C).float()), binary_sparsemax),
        ("fenchel_young_loss", lambda: (randn(N, C), ints(C, N)), fenchel_young),
        (
            "generalized_cross_entropy",
            lambda: (torch.softmax(randn(N, C), -1), ints(C, N)),
            generalized_ce,
        ),
        ("linear_cross_entropy", lambda: (randn(N, D), randn(C, D), ints(C, N)), linear_ce),
        ("asymmetric_loss", binary, asymmetric),
        (
            "balanced_binary_cross_entropy",
            lambda: (rand(N, C) * 0.98 + 0.01, (rand(N, C) > 0.8).float()),
            balanced_bce,
        ),
        ("general_adaptive_loss", lambda: (randn(N, C), randn(N, C)), general_adaptive),
        ("psnr_loss", images(N, C), psnr),
        ("generalized_box_iou_loss", boxes, giou),
        ("distance_box_iou_loss", boxes, diou),
        ("complete_box_iou_loss", boxes, ciou),
        ("dice_loss", probs_seg, dice),
        ("jaccard_loss", probs_seg, jaccard),
        ("tversky_loss", probs_seg, tversky),
        ("focal_tversky_loss", probs_seg, focal_tversky),
        ("generalized_dice_loss", probs_seg, generalized_dice),
        ("dice_ce_loss", logits_seg, dice_ce),
        ("dice_focal_loss", logits_seg, dice_focal),
        ("mcc_loss", lambda: (rand(N, C), (rand(N, C) > 0.5).float()), mcc),
        ("cldice_loss", probs_seg, cldice),
        ("hausdorff_erosion_loss", probs_seg, hausdorff_erosion),
        ("lovasz_hinge_loss", lambda: (randn(*IMG), ints(2, *IMG)), lovasz_hinge),
        ("lovasz_softmax_loss", probs_seg, lovasz_softmax),
        ("ssim_loss", images(4, 1, 16, 16), ssim),
        ("ms_ssim_loss", images(1, 1, 176, 176), ms_ssim),
        ("total_variation", lambda: (rand(4, 3, 8, 8),), total_variation),
    ]
