"""Training-time data augmentation for the skser CNNs.

Objects here are the ``augment`` argument of every :mod:`skser.models` classifier:
``augment(X_batch, rng) -> X_batch`` is applied to each training mini-batch inside
``fit`` (so only to the training folds of a cross-validation), never to validation
or prediction data. They are plain picklable objects, so a fitted classifier that
uses them can be saved with :mod:`joblib`.
"""

from numbers import Integral, Real

import numpy as np
from sklearn.utils._param_validation import Interval, validate_parameter_constraints

__all__ = ["SpecAugment"]


class SpecAugment:
    """Frequency and time masking of frame-level features (SpecAugment).

    Each call masks, independently for every sample of the batch,
    ``n_freq_masks`` bands of ``f`` consecutive bins, ``f`` drawn uniformly from
    ``0..freq_mask`` (the masking of [1]_; no time warping), and ``n_time_masks``
    runs of ``t`` consecutive frames, ``t`` drawn from ``0..time_mask``. Masked
    values are set to ``mask_value``: 0 is the mean of standardized input (for
    example after :class:`skser.normalization.SpeakerNormalizer`).

    Parameters
    ----------
    freq_mask : int, default=8
        Widest frequency mask, in bins (mel bands); ``F`` of [1]_.
    time_mask : int, default=20
        Longest time mask, in frames (200 ms at a 10 ms hop); ``T`` of [1]_.
    n_freq_masks : int, default=2
        Frequency masks per sample.
    n_time_masks : int, default=2
        Time masks per sample.
    mask_value : float, default=0.0
        Value written into the masked cells.

    Raises
    ------
    ValueError
        When called with a parameter outside its range (sklearn's
        ``InvalidParameterError``), or on a batch that is not 3-D
        ``(batch, n_frames, n_bins)`` or 4-D with a trailing channel axis of size 1.

    References
    ----------
    .. [1] Park, D. S., Chan, W., Zhang, Y., Chiu, C.-C., Zoph, B., Cubuk, E. D.,
       Le, Q. V. (2019). SpecAugment: a simple data augmentation method for automatic
       speech recognition. Interspeech, 2613-2617.

    Examples
    --------
    >>> import numpy as np
    >>> from skser.augmentation import SpecAugment
    >>> X = np.ones((4, 100, 64), dtype="float32")
    >>> out = SpecAugment()(X, np.random.default_rng(0))
    >>> out.shape, bool((out == 0).any()), bool((X == 1).all())
    ((4, 100, 64), True, True)
    """

    _parameter_constraints = {
        "freq_mask": [Interval(Integral, 0, None, closed="left")],
        "time_mask": [Interval(Integral, 0, None, closed="left")],
        "n_freq_masks": [Interval(Integral, 0, None, closed="left")],
        "n_time_masks": [Interval(Integral, 0, None, closed="left")],
        "mask_value": [Real],
    }

    def __init__(self, freq_mask=8, time_mask=20, n_freq_masks=2, n_time_masks=2,
                 mask_value=0.0):
        self.freq_mask = freq_mask
        self.time_mask = time_mask
        self.n_freq_masks = n_freq_masks
        self.n_time_masks = n_time_masks
        self.mask_value = mask_value

    def __call__(self, X, rng):
        """Return a masked copy of the batch ``X``.

        Parameters
        ----------
        X : ndarray of shape (batch, n_frames, n_bins) or (batch, n_frames, n_bins, 1)
            Frame-level features of one mini-batch; not modified.
        rng : numpy.random.Generator
            Source of the random mask positions (the classifier passes one seeded
            from its ``random_state``).

        Returns
        -------
        X_aug : ndarray of the shape and dtype of ``X``
            The batch with the masked cells set to ``mask_value``.
        """
        validate_parameter_constraints(
            self._parameter_constraints, vars(self), caller_name=type(self).__name__
        )
        X = np.array(X, copy=True)
        if not (X.ndim == 3 or (X.ndim == 4 and X.shape[-1] == 1)):
            raise ValueError(
                "SpecAugment needs frame-level batches of shape (batch, n_frames, n_bins)"
                f"; got shape {X.shape}."
            )
        view = X[..., 0] if X.ndim == 4 else X
        n, n_frames, n_bins = view.shape
        for masks, widest, size, axis in (
            (self.n_freq_masks, self.freq_mask, n_bins, 2),
            (self.n_time_masks, self.time_mask, n_frames, 1),
        ):
            positions = np.arange(size)
            for _ in range(masks):
                width = rng.integers(0, min(widest, size) + 1, size=n)
                start = (rng.random(n) * (size - width + 1)).astype(int)
                hit = (positions >= start[:, None]) & (positions < (start + width)[:, None])
                if axis == 2:
                    view[hit[:, None, :].repeat(n_frames, axis=1)] = self.mask_value
                else:
                    view[hit[:, :, None].repeat(n_bins, axis=2)] = self.mask_value
        return X

    def __repr__(self):
        defaults = SpecAugment()
        args = [
            f"{name}={getattr(self, name)!r}"
            for name in ("freq_mask", "time_mask", "n_freq_masks", "n_time_masks", "mask_value")
            if getattr(self, name) != getattr(defaults, name)
        ]
        return f"SpecAugment({', '.join(args)})"

    def __eq__(self, other):
        return type(other) is type(self) and vars(self) == vars(other)

    def __hash__(self):
        return hash(tuple(sorted(vars(self).items())))
