# glm_poisson_relu.R -- separation by a combination of two regressors (Correia, Guimaraes &
# Zylkin 2019): neither regressor alone is zero wherever y > 0, but x1 - x2 is, and it is
# positive on some rows with y = 0. ppmlhdfe's iterated rectifier drops those rows; the
# estimates are then those of the sample without them, where x1 = x2 (x2 leaves as collinear).
#
#   Rscript oracle/glm_poisson_relu.R        (from the repository root, or any folder)
#
# Writes test/fixtures/data/glm_poisson_relu.csv and test/fixtures/expected/glm_poisson_relu.json.

suppressPackageStartupMessages({
  library(fixest)
  library(sandwich)
  library(jsonlite)
})
options(warn = 1)
source(file.path(dirname(sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE))), "inf_lib.R"))  # paths, fmt_num, write_data
DATA <- DATA_DIR
EXP <- EXP_DIR
num <- function(x) { out <- sprintf("%.17g", x); out[is.na(x)] <- ""; out }
coef_block <- function(b, V) {
  se <- sqrt(diag(V)); st <- b / se; p <- 2 * pnorm(-abs(st))
  out <- list()
  for (i in seq_along(b)) out[[names(b)[i]]] <- list(estimate = unname(b[i]), se = unname(se[i]), stat = unname(st[i]), p = unname(p[i]))
  out
}

set.seed(20261209)
n <- 400
d <- data.frame(year = 2001 + (seq_len(n) - 1) %% 5, x3 = round(runif(n), 6))
b <- rbinom(n, 1, 0.4)
d$x1 <- b
d$x2 <- b
d$y <- rpois(n, exp(0.2 + 0.3 * d$x1 + 0.8 * d$x3 + 0.1 * (d$year - 2001)))
sep <- seq_len(n) %% 10 == 1
d$x1[sep] <- 1
d$x2[sep] <- 0
d$y[sep] <- 0
d <- d[, c("year", "y", "x1", "x2", "x3")]
cols <- lapply(d, num)
writeLines(c(paste(names(d), collapse = ","), do.call(paste, c(cols, sep = ","))), file.path(DATA, "glm_poisson_relu.csv"))

# Certificate: z = x1 - x2 is 0 wherever y > 0 and > 0 on the separated rows.
z <- d$x1 - d$x2
stopifnot(all(z[d$y > 0] == 0), all(z >= 0), sum(z > 0) == sum(sep))
# Neither regressor alone separates (each is nonzero on rows with y > 0).
stopifnot(any(d$x1[d$y > 0] != 0), any(d$x2[d$y > 0] != 0))

# What fepois 0.12.2 does on all rows: it has no regressor-separation check; the fit runs to
# its iteration limit with the x1/x2 coefficients drifting apart.
full <- tryCatch({
  m <- fepois(y ~ x1 + x2 + x3 | year, data = d, glm.tol = 1e-10, fixef.tol = 1e-11)
  list(converged = m$convStatus, iterations = m$iterations, x1 = unname(coef(m)["x1"]), x2 = unname(coef(m)["x2"]))
}, error = function(e) list(error = conditionMessage(e)))

# The reference: the sample without the separated rows (x2 is then collinear with x1).
r <- d[!sep, ]
m <- fepois(y ~ x1 + x2 + x3 | year, data = r, vcov = "iid", glm.tol = 1e-12, fixef.tol = 1e-11)
stopifnot(identical(m$collin.var, "x2"))
g <- glm(y ~ x1 + x3 + factor(year), family = poisson, data = r, control = glm.control(epsilon = 1e-14, maxit = 100))
sl <- c("x1", "x3")
stopifnot(max(abs(coef(g)[sl] / coef(m)[sl] - 1)) < 1e-9)
nr <- nrow(r)

x <- list(
  case = "glm_poisson_relu",
  dataset = "data/glm_poisson_relu.csv",
  description = "400 rows, year FE (5), x1 = x2 on every row except 40 rows with y = 0 where x1 = 1, x2 = 0: x1 - x2 separates them (neither alone does). x3 continuous.",
  r_code = "fepois(y ~ x1 + x2 + x3 | year) on the rows not separated (x2 collinear); glm with year dummies and sandwich for the stata robust rule",
  conventions = "fixest_iid: fepois 0.12.2 iid on the reduced sample. stata_robust: HC0 x n/(n-1) (ppmlhdfe default) from glm on the reduced sample. fepois_all_rows: what fepois does without dropping them (no ReLU check in fixest 0.12).",
  nobs = nr,
  separated = sum(sep),
  fixest_iid = coef_block(coef(m), vcov(m)),
  stata_robust = coef_block(coef(g)[sl], vcovHC(g, type = "HC0")[sl, sl] * nr / (nr - 1)),
  fepois_all_rows = full,
  versions = list(R = paste(R.version$major, R.version$minor, sep = "."), fixest = as.character(packageVersion("fixest")))
)
writeLines(toJSON(x, auto_unbox = TRUE, digits = NA, pretty = TRUE, null = "null"), file.path(EXP, "glm_poisson_relu.json"))
cat("wrote glm_poisson_relu\n")
print(full)
