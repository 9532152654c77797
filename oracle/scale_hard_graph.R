# scale_hard_graph.R -- reference values for the FE solvers on a hard (low-mobility) graph.
#   Rscript oracle/scale_hard_graph.R      (from anywhere; paths follow this file)
#
# Data: test/fixtures/data/hard_workers.csv, made by
#   node bench/gen-hard.mjs workers test/fixtures/data/hard_workers.csv --rows 20000 --workers 2000 --firms 1100 --move 0.3 --seed 7
# (2,000 workers x 10 years, 1,100 firms on a circle, 30% of workers move each year to a firm
# at most 5 places away: one connected but long and thin graph, so the degrees-of-freedom rules
# of fixest and of the fixest profile agree; on a graph in several pieces fixest's default
# counts every firm level, the profile the exact rank). Model: y ~ x1 + x2 | worker + firm,
# clustered by worker.
# fixest's alternating projections are run to fixef.tol = 2.3e-12; the estimates are checked
# against the same fit at 1e-11 (they must agree below the tests' 1e-8) and against the
# dummy-variable regression of y on x1, x2 and the firm dummies after the worker means are
# removed (Frisch-Waugh-Lovell: exact, no iteration).
suppressPackageStartupMessages({ library(fixest); library(data.table); library(jsonlite) })
here <- dirname(sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE)))
root <- normalizePath(file.path(here, ".."))
d <- fread(file.path(root, "test/fixtures/data/hard_workers.csv"))
setFixest_nthreads(1)

fit <- function(tol) feols(y ~ x1 + x2 | worker + firm, d, cluster = ~worker, fixef.tol = tol, fixef.iter = 1e6)
m <- fit(2.3e-12)
m12 <- fit(1e-11)
stopifnot(max(abs(coef(m) / coef(m12) - 1)) < 1e-9)

# Exact check: worker means removed from y, x1, x2 and the firm dummies, then least squares.
wm <- function(v) v - ave(v, d$worker)
Fd <- model.matrix(~ factor(firm) - 1, d)
Fw <- apply(Fd, 2, wm)
X <- cbind(x1 = wm(d$x1), x2 = wm(d$x2), Fw)
q <- qr(X, tol = 1e-10)
b_exact <- qr.coef(q, wm(d$y))[c("x1", "x2")]
stopifnot(max(abs(coef(m) / b_exact - 1)) < 1e-10)

ct <- coeftable(m)
coefs <- lapply(rownames(ct), function(v) list(estimate = unname(b_exact[v]), se = ct[v, 2], t = ct[v, 3], p = ct[v, 4]))
names(coefs) <- rownames(ct)
out <- list(
  case = "scale_hard_workers_cluster",
  description = "Low-mobility worker-firm panel (bench/gen-hard.mjs, 20,000 rows, 2,000 workers, 1,100 firms, one connected piece): y ~ x1 + x2 | worker + firm, clustered by worker.",
  dataset = "hard_workers.csv",
  spec = list(formula = "y ~ x1 + x2 | worker + firm", vcov = "cluster(worker)", conventions = "fixest"),
  reference = "fixest::feols (fixef.tol 2.3e-12); estimates from the exact FWL dummy regression (agree with feols to < 1e-10)",
  r_code = "feols(y ~ x1 + x2 | worker + firm, d, cluster = ~worker, fixef.tol = 2.3e-12)",
  versions = list(R = paste(R.version$major, R.version$minor, sep = "."), fixest = as.character(packageVersion("fixest"))),
  nobs = nobs(m),
  fixest_iterations = m$iterations,
  coefficients = coefs,
  stats = list(n_clusters = length(unique(d$worker)), r2_within = unname(r2(m, "wr2")))
)
dir.create(file.path(root, "test/fixtures/expected"), showWarnings = FALSE)
write_json(out, file.path(root, "test/fixtures/expected/scale_hard_workers_cluster.json"), auto_unbox = TRUE, digits = NA, pretty = TRUE)
cat("fixest iterations:", m$iterations, "\n")
