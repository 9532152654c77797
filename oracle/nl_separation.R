# nl_separation.R -- oracle for Stata's separation rules in probit/logit.
#
# Data: test/fixtures/data/nl_separation.csv (200 rows). Two cases:
#   complete: d = 1 exactly when x > max(x | d = 0), so `probit d ~ x + z` has no MLE;
#             Stata: "outcome = x > c predicts data perfectly", r(2000). We record c.
#   quasi:    y2 is 0 for q < 0.5, 1 for q > 0.5 and mixed at q == 0.5. Stata's logit drops
#             q and keeps the q == 0.5 rows ("... except for q == .5 subsample: q dropped
#             and N obs not used"), i.e. it fits logit y2 ~ z on those rows, which is what
#             glm computes below (logit: observed = expected information, so the SEs are
#             Stata's OIM SEs).
#
# Run from the repository root:  Rscript oracle/nl_separation.R
# Writes test/fixtures/expected/nl_separation.json. Needs jsonlite.
suppressPackageStartupMessages(library(jsonlite))
args <- commandArgs(trailingOnly = FALSE)
here <- dirname(normalizePath(sub("^--file=", "", args[grep("^--file=", args)])))
root <- dirname(here)
d <- read.csv(file.path(root, "test/fixtures/data/nl_separation.csv"))

cut <- max(d$x[d$d == 0])
stopifnot(all(d$d == as.integer(d$x > cut)))

sub <- d[d$q == 0.5, ]
stopifnot(all(d$y2[d$q > 0.5] == 1), all(d$y2[d$q < 0.5] == 0))
fit <- glm(y2 ~ z, family = binomial(link = "logit"), data = sub)
se <- sqrt(diag(vcov(fit)))
out <- list(
  complete = list(variable = "x", cut = cut),
  quasi = list(
    variable = "q", cut = 0.5, rows_not_used = nrow(d) - nrow(sub), nobs = nrow(sub),
    coefficients = list(
      "(Intercept)" = list(estimate = unname(coef(fit)[1]), se = unname(se[1])),
      z = list(estimate = unname(coef(fit)[2]), se = unname(se[2]))
    ),
    loglik = as.numeric(logLik(fit))
  )
)
writeLines(toJSON(out, auto_unbox = TRUE, digits = NA, pretty = TRUE), file.path(root, "test/fixtures/expected/nl_separation.json"))
