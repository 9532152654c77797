# binary_weights_references.R -- reference values for weights on probit, logit and cloglog,
# without and with absorbed fixed effects.
#
#   Rscript oracle/binary_weights_references.R      (from any folder)
#
# Writes test/fixtures/data/nl_mroz_weights.csv, test/fixtures/data/glm_binary_panel_w.csv
# (the seed fixtures plus generated weight and cluster columns, seeded) and
# test/fixtures/expected/bw_*.json. Needs R >= 4.2 with sandwich, jsonlite and fixest 0.12.x.
#
# Method. Each model is fitted by R's glm with prior weights (converged to 1e-15), with FE as
# dummies; for the non-canonical links glm's Fisher scoring stops ~1e-8 short of the optimum,
# so the estimates are finished here with Newton steps on the exact weighted score and
# observed Hessian (the same ML; the raw glm estimates are recorded too). Variances are the
# matrix formulas of each convention at that optimum, cross-checked against sandwich (robust,
# cluster), against glm on the data with rows repeated w times (frequency weights) and against
# fixest feglm(weights = ) (analytic weights under the fixest profile) where those apply.

suppressPackageStartupMessages({
  library(sandwich)
  library(jsonlite)
  library(fixest)
})
options(warn = 1, stringsAsFactors = FALSE)

source(file.path(dirname(sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE))), "inf_lib.R"))  # paths, fmt_num, write_data
DATA <- DATA_DIR
EXP <- EXP_DIR
versions <- list(R = paste(R.version$major, R.version$minor, sep = "."),
                 sandwich = as.character(packageVersion("sandwich")),
                 fixest = as.character(packageVersion("fixest")))

num <- function(x) { out <- sprintf("%.17g", x); out[is.na(x)] <- ""; out }
write_data <- function(df, file) {
  cols <- lapply(df, function(v) if (is.numeric(v)) num(v) else as.character(v))
  writeLines(c(paste(names(df), collapse = ","), do.call(paste, c(cols, sep = ","))), file.path(DATA, file))
}
check_equal <- function(a, b, what, tol = 1e-8) {
  d <- max(abs(a - b) / pmax(abs(b), 1e-12))
  if (!is.finite(d) || d > tol) stop(sprintf("%s: relative difference %.3g > %.1g", what, d, tol))
  cat(sprintf("  ok %-60s %.2g\n", what, d))
}
coef_block <- function(b, V) {
  se <- sqrt(diag(V)); st <- b / se; p <- 2 * pnorm(-abs(st))
  out <- list()
  for (i in seq_along(b)) out[[names(b)[i]]] <- list(estimate = unname(b[i]), se = unname(se[i]), stat = unname(st[i]), p = unname(p[i]))
  out
}

# Per-row log-likelihood, score dl/deta, observed and expected information of each link.
link_fns <- list(
  probit = list(
    ll = function(y, e) ifelse(y == 1, pnorm(e, log.p = TRUE), pnorm(-e, log.p = TRUE)),
    s = function(y, e) { q <- 2 * y - 1; q * dnorm(q * e) / pnorm(q * e) },
    h = function(y, e) { q <- 2 * y - 1; l <- dnorm(q * e) / pnorm(q * e); l * (l + q * e) },
    ei = function(e) dnorm(e)^2 / (pnorm(e) * pnorm(-e))
  ),
  logit = list(
    ll = function(y, e) ifelse(y == 1, plogis(e, log.p = TRUE), plogis(-e, log.p = TRUE)),
    s = function(y, e) y - plogis(e),
    h = function(y, e) plogis(e) * plogis(-e),
    ei = function(e) plogis(e) * plogis(-e)
  ),
  cloglog = list(
    ll = function(y, e) { t <- exp(e); ifelse(y == 1, log(-expm1(-t)), -t) },
    s = function(y, e) { t <- exp(e); ifelse(y == 1, t / expm1(t), -t) },
    h = function(y, e) { t <- exp(e); ifelse(y == 1, t * (t * exp(t) - expm1(t)) / expm1(t)^2, t) },
    ei = function(e) { t <- exp(e); t^2 / expm1(t) }
  )
)

# The weighted ML: glm with prior weights, then Newton steps to the exact optimum.
wml <- function(formula, data, link, w) {
  L <- link_fns[[link]]
  data$prior_w <- w
  g <- suppressWarnings(glm(formula, family = binomial(link), data = data, weights = prior_w,
                            control = glm.control(epsilon = 1e-15, maxit = 200)))
  X <- model.matrix(g); y <- g$y; b <- coef(g)
  if (anyNA(b)) stop("collinear design")
  for (it in 1:20) {
    e <- drop(X %*% b)
    step <- solve(crossprod(X, X * (w * L$h(y, e))), crossprod(X, w * L$s(y, e)))
    b <- b + drop(step)
    if (max(abs(step)) < 1e-15 * max(1, max(abs(b)))) break
  }
  e <- drop(X %*% b)
  list(glm = g, raw = coef(g), b = b, X = X, y = y, w = w, e = e, s = L$s(y, e),
       Hobs = crossprod(X, X * (w * L$h(y, e))), Hexp = crossprod(X, X * (w * L$ei(e))),
       ll = sum(w * L$ll(y, e)))
}

# Variance of the kept coefficients `keep` (all, or the slopes of an FE model) by one rule.
#   kind: iid | robust | cluster; bread: observed | expected; scale: the small-sample factor
#   hc: "w2" (meat sum (w s)^2 xx', probability/analytic weights) or "w" (sum w s^2 xx', frequency)
variance <- function(m, kind, bread = "observed", hc = "w2", cluster = NULL) {
  B <- solve(if (bread == "observed") m$Hobs else m$Hexp)
  if (kind == "iid") return(B)
  if (kind == "robust") {
    f <- if (hc == "w2") m$w * m$s else sqrt(m$w) * m$s
    return(B %*% crossprod(m$X * f) %*% B)
  }
  S <- rowsum(m$X * (m$w * m$s), cluster)
  B %*% crossprod(S) %*% B
}

stats_of <- function(m, V, slopes, N, extra_dof = 0, pseudo = FALSE) {
  yb <- sum(m$w * m$y) / sum(m$w)
  ll0 <- sum(m$w) * (yb * log(yb) + (1 - yb) * log(1 - yb))
  k <- length(slopes) + extra_dof
  b <- m$b[slopes]
  Vs <- if (is.character(slopes)) V[slopes, slopes, drop = FALSE] else V[slopes, slopes, drop = FALSE]
  wald <- drop(t(b) %*% solve(Vs, b))
  out <- list(loglik = m$ll, loglik_0 = ll0, pseudo_r2 = 1 - m$ll / ll0, wald_chi2 = wald)
  if (!pseudo) {
    out$lr_chi2 <- 2 * (m$ll - ll0)
    out$aic <- -2 * m$ll + 2 * k
    out$bic <- -2 * m$ll + log(N) * k
  }
  out
}

write_case <- function(case, description, spec, reference, nobs, b, V, stats) {
  x <- list(case = case, description = description, spec = spec, reference = reference,
            versions = versions, nobs = nobs, coefficients = coef_block(b, V), stats = stats)
  writeLines(toJSON(x, auto_unbox = TRUE, digits = NA, pretty = TRUE, null = "null"), file.path(EXP, paste0(case, ".json")))
  cat("wrote", case, "\n")
}

# ---------------------------------------------------------------------------------------
# 1. Without fixed effects: Mroz (753 women), inlf on seven regressors.
# ---------------------------------------------------------------------------------------
set.seed(20261208)
mz <- read.csv(file.path(DATA, "nl_mroz.csv"))[, c("inlf", "nwifeinc", "educ", "exper", "expersq", "age", "kidslt6", "kidsge6")]
mz$fw <- sample(1:4, nrow(mz), replace = TRUE)
mz$pw <- round(runif(nrow(mz), 0.25, 4), 4)
mz$pw[5] <- 0 # a zero weight leaves the sample
mz$grp <- sprintf("g%02d", sample(1:30, nrow(mz), replace = TRUE))
write_data(mz, "nl_mroz_weights.csv")
f <- inlf ~ nwifeinc + educ + exper + expersq + age + kidslt6 + kidsge6
fs <- "inlf ~ nwifeinc + educ + exper + expersq + age + kidslt6 + kidsge6"
mp <- mz[mz$pw > 0, ]
n <- nrow(mz); np <- nrow(mp); Nf <- sum(mz$fw); K <- 8
all8 <- seq_len(K)
G <- length(unique(mz$grp)); Gp <- length(unique(mp$grp))
big <- mz[rep(seq_len(n), mz$fw), ]

cat("no FE\n")
for (link in c("probit", "logit", "cloglog")) {
  m <- wml(f, mz, link, mz$fw)
  cat(sprintf("  %s fw: glm vs polished max rel %.2g\n", link, max(abs(m$raw - m$b) / abs(m$b))))
  # Frequency weights are repeated rows: the same ML and the same oim/robust/cluster variances.
  mb <- wml(f, big, link, rep(1, nrow(big)))
  check_equal(m$b, mb$b, paste(link, "fw estimates = expanded data"), 1e-10)
  Vo <- variance(m, "iid")
  check_equal(Vo, variance(mb, "iid"), paste(link, "fw oim = expanded data"))
  Vr <- variance(m, "robust", hc = "w") * Nf / (Nf - 1)
  check_equal(Vr, variance(mb, "robust") * Nf / (Nf - 1), paste(link, "fw robust = expanded data"))
  Vc <- variance(m, "cluster", cluster = mz$grp) * G / (G - 1)
  check_equal(Vc, variance(mb, "cluster", cluster = big$grp) * G / (G - 1), paste(link, "fw cluster = expanded data"))
  if (link == "logit") {
    check_equal(Vr, sandwich::vcovHC(mb$glm, type = "HC0") * Nf / (Nf - 1), "logit fw robust = sandwich HC0 on the expanded data x N/(N-1)", 1e-6)
    check_equal(Vc, sandwich::vcovCL(mb$glm, cluster = big$grp, type = "HC0", cadjust = TRUE), "logit fw cluster = sandwich vcovCL on the expanded data", 1e-6)
  }
  ref <- "R glm(weights = fw) polished by Newton steps; equals glm on the data with each row repeated fw times"
  desc <- paste0("Mroz (753 women), ", link, " of inlf with frequency weights fw (1-4, generated).")
  spec <- list(estimator = link, formula = fs, weights = list(column = "fw", kind = "frequency"))
  write_case(paste0("bw_", link, "_fw_oim"), paste(desc, "Stata default vce(oim): inverse observed information of the weighted likelihood; nobs = sum(fw)."),
             spec, ref, Nf, m$b, Vo, stats_of(m, Vo, 2:K, Nf, 1))
  write_case(paste0("bw_", link, "_fw_robust"), paste(desc, "vce(robust): meat sum fw s^2 xx' (a row counts fw times), x N/(N-1), N = sum(fw)."),
             c(spec, vcov = "robust"), ref, Nf, m$b, Vr, stats_of(m, Vr, 2:K, Nf, 1))
  write_case(paste0("bw_", link, "_fw_cluster_grp"), paste(desc, "vce(cluster grp): cluster sums of fw s x, x G/(G-1)."),
             c(spec, vcov = "cluster(grp)"), ref, Nf, m$b, Vc, c(stats_of(m, Vc, 2:K, Nf, 1), n_clusters = G))

  # Probability weights (one zero weight: 752 rows): pseudo-likelihood, robust by default.
  m <- wml(f, mp, link, mp$pw)
  Vr <- variance(m, "robust") * np / (np - 1)
  Vc <- variance(m, "cluster", cluster = mp$grp) * Gp / (Gp - 1)
  if (link == "logit") {
    check_equal(Vr, sandwich::vcovHC(m$glm, type = "HC0") * np / (np - 1), "logit pw robust = sandwich HC0 x n/(n-1)", 1e-6)
    check_equal(Vc, sandwich::vcovCL(m$glm, cluster = mp$grp, type = "HC0", cadjust = TRUE), "logit pw cluster = sandwich vcovCL", 1e-6)
  }
  desc <- paste0("Mroz, ", link, " of inlf with probability weights pw (generated; one zero weight leaves the sample, 752 rows).")
  spec <- list(estimator = link, formula = fs, weights = list(column = "pw", kind = "probability"))
  ref <- "R glm(weights = pw) polished by Newton steps; robust/cluster by formula (= sandwich vcovHC/vcovCL for logit)"
  write_case(paste0("bw_", link, "_pw_robust"), paste(desc, "Stata [pw=]: robust by default, meat sum (pw s)^2 xx' x n/(n-1); log pseudolikelihood sum pw l_i, no LR/AIC/BIC."),
             spec, ref, np, m$b, Vr, stats_of(m, Vr, 2:K, np, 1, pseudo = TRUE))
  write_case(paste0("bw_", link, "_pw_cluster_grp"), paste(desc, "vce(cluster grp): cluster sums of pw s x, x G/(G-1)."),
             c(spec, vcov = "cluster(grp)"), ref, np, m$b, Vc, c(stats_of(m, Vc, 2:K, np, 1, pseudo = TRUE), n_clusters = Gp))

  # Analytic weights under the fixest profile: feglm(weights = ~pw), prior weights.
  Vi <- variance(m, "iid", bread = "expected") * (np - 1) / (np - K)
  Vh <- variance(m, "robust", bread = "expected") * np / (np - K)
  Vcl <- variance(m, "cluster", bread = "expected", cluster = mp$grp) * Gp / (Gp - 1) * (np - 1) / (np - K)
  fx <- feglm(f, data = mp, weights = ~pw, family = binomial(link), glm.tol = 1e-12)
  tol_fx <- if (link == "logit") 1e-8 else 1e-5 # fixest's Fisher scoring stops short for probit/cloglog
  check_equal(m$b, coef(fx), paste(link, "aw estimates = fixest feglm(weights = ~pw)"), tol_fx)
  check_equal(sqrt(diag(Vi)), se(fx, vcov = "iid"), paste(link, "aw iid = fixest"), tol_fx)
  check_equal(sqrt(diag(Vh)), se(fx, vcov = "hetero"), paste(link, "aw hetero = fixest"), tol_fx)
  check_equal(sqrt(diag(Vcl)), se(fx, vcov = ~grp), paste(link, "aw cluster = fixest"), tol_fx)
  pr2 <- fitstat(fx, "pr2")[[1]]
  cat(sprintf("  %s: fixest pr2 %.12g, 1 - ll/ll0 %.12g, fixest logLik %.12g, sum w l %.12g\n", link, pr2, stats_of(m, Vi, 2:K, np, 1)$pseudo_r2, logLik(fx)[1], m$ll))
  desc <- paste0("Mroz, ", link, " of inlf with analytic weights pw under conventions: fixest (feglm prior weights; 752 rows).")
  spec <- list(estimator = link, formula = fs, weights = "pw", conventions = "fixest", information = "expected")
  ref <- paste("R glm(weights = pw) polished by Newton steps; fixest 0.12.2 rules at that optimum (bread = inverse expected information);",
               "equal to feglm(weights = ~pw) to", tol_fx)
  write_case(paste0("bw_", link, "_aw_fixest_iid"), paste(desc, "iid x (n-1)/(n-K)."), c(spec, vcov = "iid"), ref, np, m$b, Vi, stats_of(m, Vi, 2:K, np, 1))
  write_case(paste0("bw_", link, "_aw_fixest_hetero"), paste(desc, "hetero: meat sum (w s)^2 xx' x n/(n-K)."), c(spec, vcov = "hc1"), ref, np, m$b, Vh, stats_of(m, Vh, 2:K, np, 1))
  write_case(paste0("bw_", link, "_aw_fixest_cluster_grp"), paste(desc, "cluster: G/(G-1) (n-1)/(n-K)."), c(spec, vcov = "cluster(grp)"), ref, np, m$b, Vcl,
             c(stats_of(m, Vcl, 2:K, np, 1), n_clusters = Gp))
}

# ---------------------------------------------------------------------------------------
# 2. With firm and year fixed effects: the generated export panel (150 firms x 8 years);
#    firms F001-F009 have an outcome that never varies and leave the sample.
# ---------------------------------------------------------------------------------------
set.seed(20261209)
bp <- read.csv(file.path(DATA, "glm_binary_panel.csv"))
bp$fw <- sample(1:3, nrow(bp), replace = TRUE)
bp$pw <- round(runif(nrow(bp), 0.5, 2), 4)
write_data(bp, "glm_binary_panel_w.csv")
keep_firms <- names(which(tapply(bp$export, bp$firm, function(v) any(v != v[1]))))
bs <- bp[bp$firm %in% keep_firms, ]
ff <- export ~ x1 + x2 + factor(firm) + factor(year)
ffs <- "export ~ x1 + x2 | firm + year"
xb <- c("x1", "x2")
nb <- nrow(bs); Nb <- sum(bs$fw)
nF <- length(unique(bs$firm)); nY <- length(unique(bs$year))
feK <- nF + nY - 1
KK <- 2 + feK
Kn <- 2 + nY # firm FE nested in the firm clusters (fixest fixef.K = "nested")
sub <- function(V) V[xb, xb]

cat("FE\n")
for (link in c("probit", "logit", "cloglog")) {
  m <- wml(ff, bs, link, bs$fw)
  cat(sprintf("  %s fw: glm vs polished max rel %.2g\n", link, max(abs(m$raw[xb] - m$b[xb]) / abs(m$b[xb]))))
  Vo <- sub(variance(m, "iid"))
  Vc <- sub(variance(m, "cluster", cluster = bs$firm)) * nF / (nF - 1)
  desc <- paste0("Export panel with firm and year FE, ", link, " with frequency weights fw (1-3, generated); firms F001-F009 (outcome constant) dropped.")
  spec <- list(estimator = link, formula = ffs, weights = list(column = "fw", kind = "frequency"))
  ref <- "R glm(weights = fw) with firm and year dummies, polished by Newton steps; slope block of the variance"
  write_case(paste0("bw_fe_", link, "_fw_oim"), paste(desc, "Stata probit ... i.firm i.year [fw=fw]: oim; nobs = sum(fw)."),
             spec, ref, Nb, m$b[xb], Vo, stats_of(m, Vo, xb, Nb, extra_dof = feK))
  write_case(paste0("bw_fe_", link, "_fw_cluster_firm"), paste(desc, "vce(cluster firm): G/(G-1)."),
             c(spec, vcov = "cluster(firm)"), ref, Nb, m$b[xb], Vc, c(stats_of(m, Vc, xb, Nb, extra_dof = feK), n_clusters = nF))

  m <- wml(ff, bs, link, bs$pw)
  Vr <- sub(variance(m, "robust")) * nb / (nb - 1)
  desc <- paste0("Export panel with firm and year FE, ", link, " with probability weights pw (generated).")
  spec <- list(estimator = link, formula = ffs, weights = list(column = "pw", kind = "probability"))
  write_case(paste0("bw_fe_", link, "_pw_robust"), paste(desc, "Stata [pw=]: robust by default, x n/(n-1)."),
             spec, "R glm(weights = pw) with dummies, polished by Newton steps; sandwich by formula", nb, m$b[xb], Vr,
             stats_of(m, Vr, xb, nb, pseudo = TRUE))

  Vi <- sub(variance(m, "iid", bread = "expected")) * (nb - 1) / (nb - KK)
  Vh <- sub(variance(m, "robust", bread = "expected")) * nb / (nb - KK)
  Vcl <- sub(variance(m, "cluster", bread = "expected", cluster = bs$firm)) * nF / (nF - 1) * (nb - 1) / (nb - Kn)
  fx <- feglm(export ~ x1 + x2 | firm + year, data = bp, weights = ~pw, family = binomial(link), glm.tol = 1e-12, fixef.tol = 1e-11)
  # fixest's FE variances use the IRLS weights of its last iteration (one iterate before its
  # estimates): ~4e-8 from the exact logit optimum even where its estimates agree to 1e-13.
  tol_fx <- if (link == "logit") 1e-7 else 1e-5
  check_equal(m$b[xb], coef(fx), paste(link, "FE aw estimates = fixest"), tol_fx)
  check_equal(sqrt(diag(Vi)), se(fx, vcov = "iid"), paste(link, "FE aw iid = fixest"), tol_fx)
  check_equal(sqrt(diag(Vh)), se(fx, vcov = "hetero"), paste(link, "FE aw hetero = fixest"), tol_fx)
  check_equal(sqrt(diag(Vcl)), se(fx, vcov = ~firm), paste(link, "FE aw cluster = fixest"), tol_fx)
  cat(sprintf("  %s FE: fixest pr2 %.12g, 1 - ll/ll0 %.12g\n", link, fitstat(fx, "pr2")[[1]], stats_of(m, Vi, xb, nb)$pseudo_r2))
  desc <- paste0("Export panel with firm and year FE, ", link, " with analytic weights pw under conventions: fixest (feglm weights = ~pw).")
  spec <- list(estimator = link, formula = ffs, weights = "pw", conventions = "fixest", information = "expected")
  ref <- paste("R glm(weights = pw) with dummies polished by Newton steps; fixest 0.12.2 rules at that optimum; equal to feglm(weights = ~pw) to", tol_fx)
  st <- function(V) stats_of(m, V, xb, nb, extra_dof = feK)
  write_case(paste0("bw_fe_", link, "_aw_fixest_iid"), paste(desc, "iid x (n-1)/(n-K), K = 2 + firms + years - 1."), c(spec, vcov = "iid"), ref, nb, m$b[xb], Vi, st(Vi))
  write_case(paste0("bw_fe_", link, "_aw_fixest_hetero"), paste(desc, "hetero x n/(n-K)."), c(spec, vcov = "hc1"), ref, nb, m$b[xb], Vh, st(Vh))
  write_case(paste0("bw_fe_", link, "_aw_fixest_cluster_firm"), paste(desc, "cluster firm: G/(G-1) (n-1)/(n-K'), K' = 2 + years (firm FE nested)."),
             c(spec, vcov = "cluster(firm)"), ref, nb, m$b[xb], Vcl, c(st(Vcl), n_clusters = nF))
}
