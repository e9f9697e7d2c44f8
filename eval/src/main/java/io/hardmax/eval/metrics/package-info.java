/** Classification metrics for binary sentiment: accuracy, per-class precision/recall/F1, ROC-AUC, calibration. */
package io.hardmax.eval.metrics;
