# iv_references.R -- reference values for weighted IV (2SLS with analytic, probability and
# frequency weights, with and without absorbed fixed effects), LIML and two-step efficient
# GMM (ivreg2 liml / gmm2s) with iid, robust and cluster variances, with and without
# absorbed fixed effects.
#
#   Rscript oracle/iv_references.R        (from the repository root, or any folder)
#
# Writes test/fixtures/data/iv_cigarettes_fw.csv and test/fixtures/expected/iv_*.json. Needs
# R >= 4.2 with AER, sandwich, fixest 0.12.x and jsonlite. Each JSON records its conventions.
#
# Independence from the implementation under test: the CLI works on columns with the fixed
# effects (or the mean) partialled out and multiplied by sqrt(w); here
#   - 2SLS with weights comes from AER::ivreg(weights =) with sandwich, and fixest::feols,
#   - LIML and GMM are written with full matrices: the constant and the state dummies are
#     columns of X and Z (LSDV), weights scale the rows, frequency weights replicate rows,
#   - LIML's kappa is also found as the minimum of the LIML variance ratio by a 1-D search
#     (a different algorithm from the eigenvalue), and the LSDV and within-transformed
#     versions of robust GMM are compared (they agree; the cluster version needs the
#     within form, as ivreghdfe computes it, because the dummies outnumber the clusters).

suppressPackageStartupMessages({
  library(AER)
  library(sandwich)
  library(fixest)
  library(jsonlite)
})
options(warn = 1, stringsAsFactors = FALSE)

source(file.path(dirname(sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE))), "inf_lib.R"))  # paths, fmt_num, write_data
DATA <- DATA_DIR
EXP <- EXP_DIR
versions <- list(
  R = paste(R.version$major, R.version$minor, sep = "."),
  AER = as.character(packageVersion("AER")),
  sandwich = as.character(packageVersion("sandwich")),
  fixest = as.character(packageVersion("fixest"))
)
num <- function(x) sprintf("%.17g", x)
write_case <- function(x) {
  x$versions <- versions
  writeLines(toJSON(x, auto_unbox = TRUE, digits = NA, pretty = TRUE, null = "null"),
             file.path(EXP, paste0(x$case, ".json")))
  cat("wrote", x$case, "\n")
}
coef_block <- function(b, V, df = NULL) {
  se <- sqrt(diag(V))
  st <- b / se
  p <- if (is.null(df)) 2 * pnorm(-abs(st)) else 2 * pt(-abs(st), df)
  out <- list()
  for (i in seq_along(b)) out[[names(b)[i]]] <- list(estimate = unname(b[i]), se = unname(se[i]), stat = unname(st[i]), p = unname(p[i]))
  out
}
stopifnot_close <- function(a, b, tol, what) {
  d <- max(abs(a - b) / pmax(abs(b), 1e-300))
  if (d > tol) stop(sprintf("%s: relative difference %g", what, d))
  invisible(d)
}

# ---------------------------------------------------------------------------------------
# Data: CigarettesSW (AER), 48 states x 1985/1995, as already in the fixtures, plus an
# integer frequency weight fw = 1 + (state number mod 3).
# ---------------------------------------------------------------------------------------
cig <- read.csv(file.path(DATA, "cigarettes_sw.csv"))
cig$fw <- 1 + (as.integer(factor(cig$state)) %% 3)
cig$pop_m <- cig$population / 1e6
out <- cig[, c("state", "year", "lpacks", "lrprice", "lrincome", "y1995", "salestax", "cigtax", "population", "fw")]
writeLines(c(paste(names(out), collapse = ","),
             do.call(paste, c(lapply(out, function(v) if (is.numeric(v)) num(v) else v), sep = ","))),
           file.path(DATA, "iv_cigarettes_fw.csv"))
c95 <- cig[cig$year == 1995, ]

# ---------------------------------------------------------------------------------------
# Matrix estimators (rows already scaled by sqrt(w) for analytic/probability weights).
# ---------------------------------------------------------------------------------------
proj_resid <- function(A, B) A - B %*% solve(crossprod(B), crossprod(B, A))
liml_fit <- function(y, X, Z, endog, exog) {
  W <- cbind(y, X[, endog, drop = FALSE])
  kappa <- min(Re(eigen(solve(crossprod(W, proj_resid(W, Z))) %*% crossprod(W, proj_resid(W, X[, exog, drop = FALSE])))$values))
  Xk <- X - kappa * proj_resid(X, Z)
  A <- crossprod(Xk, X)
  b <- drop(solve(A, crossprod(Xk, y))); names(b) <- colnames(X)
  # Robust/cluster scores use the instrument projection P_Z X (ivreg2 and ivregress; Stata 13
  # `ivregress liml, vce(robust)` on hsng is reproduced by this and not by (I - kappa M_Z) X).
  list(b = b, kappa = kappa, bread = solve(A), S = X - proj_resid(X, Z), u = drop(y - X %*% b))
}
tsls_fit <- function(y, X, Z) {
  Xh <- Z %*% solve(crossprod(Z), crossprod(Z, X))
  A <- crossprod(Xh)
  b <- drop(solve(A, crossprod(Xh, y))); names(b) <- colnames(X)
  list(b = b, bread = solve(A), S = Xh, u = drop(y - X %*% b))
}
cluster_meat <- function(S, u, g) {
  sc <- rowsum(S * u, g)
  crossprod(sc)
}
# Sandwich variance of a 2SLS/k-class fit: iid sigma^2 A^-1, robust A^-1 (sum s s') A^-1.
kvar <- function(f, type, n, K, small = TRUE, cl = NULL, Kadj = K) {
  if (type == "iid") return(sum(f$u^2) / (if (small) n - K else n) * f$bread)
  if (type == "hc1") return(f$bread %*% crossprod(f$S * f$u) %*% f$bread * (if (small) n / (n - K) else 1))
  G <- length(unique(cl))
  f$bread %*% cluster_meat(f$S, f$u, cl) %*% f$bread * (if (small) G / (G - 1) * (n - 1) / (n - Kadj) else 1)
}
# Two-step efficient GMM (ivreg2 gmm2s) from first-step residuals u1.
gmm_fit <- function(y, X, Z, u1, type, n, K, small = TRUE, cl = NULL, Kadj = K) {
  S <- switch(type, iid = sum(u1^2) / n * crossprod(Z), hc1 = crossprod(Z * u1), cluster = cluster_meat(Z, u1, cl))
  Wm <- solve(S)
  XZ <- crossprod(X, Z)
  M <- XZ %*% Wm %*% t(XZ)
  b <- drop(solve(M, XZ %*% Wm %*% crossprod(Z, y))); names(b) <- colnames(X)
  u <- drop(y - X %*% b)
  g <- crossprod(Z, u)
  J <- drop(t(g) %*% Wm %*% g)
  G <- if (is.null(cl)) NA else length(unique(cl))
  fac <- switch(type,
    iid = if (small) n / (n - K) else 1,
    hc1 = if (small) n / (n - K) else 1,
    cluster = if (small) G / (G - 1) * (n - 1) / (n - Kadj) else 1)
  V <- solve(M) * fac
  dimnames(V) <- list(colnames(X), colnames(X))
  list(b = b, V = V, u = u, J = J)
}
# LIML by the variance ratio: kappa(beta) = e'M_X1 e / e'M_Z e, e = y - Y beta (one endogenous).
liml_ratio <- function(y, Y, Z, X1, interval) {
  r <- function(beta) { e <- y - Y * beta; sum(proj_resid(e, X1)^2) / sum(proj_resid(e, Z)^2) }
  o <- optimize(r, interval, tol = 1e-12)
  list(beta = o$minimum, kappa = o$objective)
}

vnames <- function(V, nm) { dimnames(V) <- list(nm, nm); V }
case_of <- function(case, description, conventions, nobs, b, V, df = NULL, stats = list(), extra = list()) {
  write_case(c(list(case = case, dataset = "data/iv_cigarettes_fw.csv", description = description,
                    conventions = conventions, nobs = nobs, coefficients = coef_block(b, V, df), stats = stats), extra))
}

# ---------------------------------------------------------------------------------------
# 1. Cross-section 1995: lpacks ~ lrincome | lrprice ~ salestax + cigtax
# ---------------------------------------------------------------------------------------
mk <- function(d, w = NULL) {
  s <- if (is.null(w)) rep(1, nrow(d)) else sqrt(w)
  list(
    y = d$lpacks * s,
    X = cbind("(Intercept)" = 1, lrprice = d$lrprice, lrincome = d$lrincome) * s,
    Z = cbind("(Intercept)" = 1, lrincome = d$lrincome, salestax = d$salestax, cigtax = d$cigtax) * s
  )
}
n95 <- nrow(c95); K <- 3
w_aw <- c95$population / mean(c95$population) # Stata normalises aw/pw to mean 1
D <- mk(c95, w_aw)

# 1a. 2SLS analytic weights, iid: AER::ivreg(weights =) (its vcov is Stata's aw rule).
m_aw <- ivreg(lpacks ~ lrprice + lrincome | lrincome + salestax + cigtax, data = c95, weights = population)
f_aw <- tsls_fit(D$y, D$X, D$Z)
stopifnot_close(f_aw$b, coef(m_aw), 1e-10, "2SLS aw: matrices vs ivreg")
fs_aw <- lm(lrprice ~ lrincome + salestax + cigtax, data = c95, weights = population)
fs_aw_r <- lm(lrprice ~ lrincome, data = c95, weights = population)
F_iid_aw <- anova(fs_aw_r, fs_aw)$F[2]
sargan_aw <- n95 * sum(f_aw$u * (D$Z %*% solve(crossprod(D$Z), crossprod(D$Z, f_aw$u)))) / sum(f_aw$u^2)
case_of("iv_w_aw_2sls_iid",
  "2SLS with analytic weights (population), iid: Stata ivregress 2sls ... [aw=population], small.",
  "AER::ivreg(weights = population); vcov = sum(w u^2)/(N-K) (Xhat'W Xhat)^-1 (aw scale cancels). First-stage F: anova of the weighted first stage with/without the excluded instruments. Sargan N u'P_Z u/u'u on the sqrt(w)-scaled rows.",
  n95, coef(m_aw), vcov(m_aw), df = n95 - K,
  stats = list(first_stage_f = F_iid_aw, sargan = sargan_aw))

# 1b. Probability weights (robust implied): sandwich HC1 on the weighted ivreg.
V_pw <- vcovHC(m_aw, type = "HC1")
stopifnot_close(sqrt(diag(V_pw)), sqrt(diag(kvar(f_aw, "hc1", n95, K))), 1e-10, "2SLS pw: sandwich vs matrices")
Vfs <- vcovHC(fs_aw, type = "HC1")
bi <- coef(fs_aw)[c("salestax", "cigtax")]
F_rob_pw <- drop(t(bi) %*% solve(Vfs[names(bi), names(bi)]) %*% bi) / 2
J_pw <- gmm_fit(D$y, D$X, D$Z, f_aw$u, "hc1", n95, K)$J
case_of("iv_w_pw_2sls",
  "2SLS with probability weights (population): Stata ivregress 2sls ... [pw=population], small (robust implied); ivreg2 [pw=], small for Hansen J.",
  "sandwich::vcovHC(ivreg(weights =), type = 'HC1'): meat sum (w u xhat)^2, N/(N-K). First-stage robust F: Wald/2 of the excluded instruments with vcovHC HC1 of the weighted first stage. Hansen J: minimised two-step GMM criterion with S = sum (w u z)^2 from the 2SLS residuals (ivreg2).",
  n95, coef(m_aw), V_pw, df = n95 - K,
  stats = list(first_stage_f = F_iid_aw, f_robust = F_rob_pw, hansen_j = J_pw, hansen_j_p = pchisq(J_pw, 1, lower.tail = FALSE)))

# 1c. Frequency weights: the same model on the rows replicated fw times (unweighted).
ex <- c95[rep(seq_len(n95), c95$fw), ]
nfw <- nrow(ex)
m_fw <- ivreg(lpacks ~ lrprice + lrincome | lrincome + salestax + cigtax, data = ex)
case_of("iv_w_fw_2sls_iid",
  "2SLS with frequency weights fw: Stata ivregress 2sls ... [fw=fw], small; nobs = sum(fw).",
  "AER::ivreg on the data with each row repeated fw times; N = sum(fw) in every rule.",
  nfw, coef(m_fw), vcov(m_fw), df = nfw - K)
case_of("iv_w_fw_2sls_hc1",
  "2SLS with frequency weights fw, robust: Stata ivregress 2sls ... [fw=fw], vce(robust) small.",
  "sandwich::vcovHC(type = 'HC1') of ivreg on the replicated rows.",
  nfw, coef(m_fw), vcovHC(m_fw, type = "HC1"), df = nfw - K)

# 1d. LIML and GMM with weights (aw iid, pw robust), and with frequency weights (replicated rows).
l_aw <- liml_fit(D$y, D$X, D$Z, "lrprice", c("(Intercept)", "lrincome"))
case_of("iv_w_aw_liml_iid",
  "LIML with analytic weights, iid, small: ivreg2 ... [aw=population], liml small.",
  "Rows scaled by sqrt(w) (w normalised to mean 1); kappa = min eig((W'M_Z W)^-1 W'M_X1 W); V = u'u/(N-K) (X'(I-kappa M_Z)X)^-1.",
  n95, l_aw$b, vnames(kvar(l_aw, "iid", n95, K), names(l_aw$b)), df = n95 - K, stats = list(kappa = l_aw$kappa))
case_of("iv_w_pw_liml",
  "LIML with probability weights (robust implied), small: ivreg2 ... [pw=population], liml robust small.",
  "k-class sandwich A^-1 (sum (w u xhat)^2) A^-1 N/(N-K), A = X'(I-kappa M_Z)X, xhat = P_Z x on sqrt(w)-scaled rows.",
  n95, l_aw$b, vnames(kvar(l_aw, "hc1", n95, K), names(l_aw$b)), df = n95 - K, stats = list(kappa = l_aw$kappa))
g_pw <- gmm_fit(D$y, D$X, D$Z, f_aw$u, "hc1", n95, K)
case_of("iv_w_pw_gmm",
  "Two-step efficient GMM with probability weights, small: ivreg2 ... [pw=population], gmm2s robust small.",
  "S = sum (w u1 z)^2 from the weighted 2SLS residuals; b = (X'Z S^-1 Z'X)^-1 X'Z S^-1 Z'y; V = N/(N-K) (X'Z S^-1 Z'X)^-1; J at b with the same S.",
  n95, g_pw$b, g_pw$V, df = n95 - K, stats = list(hansen_j = g_pw$J, hansen_j_p = pchisq(g_pw$J, 1, lower.tail = FALSE)))
E <- mk(ex)
l_fw <- liml_fit(E$y, E$X, E$Z, "lrprice", c("(Intercept)", "lrincome"))
case_of("iv_w_fw_liml_hc1",
  "LIML with frequency weights, robust, small: ivreg2 ... [fw=fw], liml robust small.",
  "LIML on the replicated rows (unweighted), A^-1 (sum u^2 xhat xhat') A^-1, N = sum(fw).",
  nfw, l_fw$b, vnames(kvar(l_fw, "hc1", nfw, K), names(l_fw$b)), df = nfw - K, stats = list(kappa = l_fw$kappa))
t_fw <- tsls_fit(E$y, E$X, E$Z)
g_fw <- gmm_fit(E$y, E$X, E$Z, t_fw$u, "hc1", nfw, K)
case_of("iv_w_fw_gmm_hc1",
  "Two-step GMM with frequency weights, robust, small: ivreg2 ... [fw=fw], gmm2s robust small.",
  "GMM on the replicated rows (unweighted), N = sum(fw).",
  nfw, g_fw$b, g_fw$V, df = nfw - K, stats = list(hansen_j = g_fw$J))

# 1e. Unweighted LIML with `small` (the default), and the check of the fixture
#     glm_liml_gmm_cigsw1995 (LIML iid/robust and GMM robust without small): the variance-ratio
#     search reproduces kappa and the LIML slope.
D0 <- mk(c95)
l0 <- liml_fit(D0$y, D0$X, D0$Z, "lrprice", c("(Intercept)", "lrincome"))
rs <- liml_ratio(D0$y - D0$X[, "lrincome"] * 0, D0$X[, "lrprice"], D0$Z, D0$X[, c("(Intercept)", "lrincome")], c(-3, 0))
ref <- fromJSON(file.path(EXP, "glm_liml_gmm_cigsw1995.json"))
chk_kappa <- stopifnot_close(rs$kappa, ref$kappa, 1e-9, "kappa: variance ratio vs fixture")
chk_b <- stopifnot_close(rs$beta, ref$coefficients_liml_iid$lrprice$estimate, 1e-6, "LIML slope: variance ratio vs fixture")
chk_k2 <- stopifnot_close(l0$kappa, ref$kappa, 1e-12, "kappa: eigenvalue vs fixture")
cat(sprintf("fixture glm_liml_gmm_cigsw1995 checked: kappa by variance ratio %.3g, slope %.3g relative\n", chk_kappa, chk_b))
case_of("iv_liml_hc1_small",
  "LIML, robust, small (the default): ivreg2 ..., liml robust small.",
  "A^-1 (sum u^2 xhat xhat') A^-1 times N/(N-K), A = X'(I-kappa M_Z)X, xhat = P_Z x; t(N-K).",
  n95, l0$b, vnames(kvar(l0, "hc1", n95, K), names(l0$b)), df = n95 - K, stats = list(kappa = l0$kappa),
  extra = list(check = list(kappa_variance_ratio = rs$kappa, lrprice_variance_ratio = rs$beta)))
t0 <- tsls_fit(D0$y, D0$X, D0$Z)
g0 <- gmm_fit(D0$y, D0$X, D0$Z, t0$u, "iid", n95, K)
stopifnot_close(g0$b, t0$b, 1e-10, "GMM iid = 2SLS")
case_of("iv_gmm_iid_small",
  "Two-step GMM under iid: ivreg2 ..., gmm2s small (= 2SLS; J = Sargan).",
  "S = (u'u/N) Z'Z; V = N/(N-K) (X'Z S^-1 Z'X)^-1 = u'u/(N-K) (Xhat'Xhat)^-1.",
  n95, g0$b, g0$V, df = n95 - K, stats = list(sargan = g0$J))

# ---------------------------------------------------------------------------------------
# 2. Panel 1985/1995 (96 rows): clusters by state, with and without state fixed effects.
#    lpacks ~ lrincome + y1995 [| state] | lrprice ~ salestax + cigtax
# ---------------------------------------------------------------------------------------
N <- nrow(cig); G <- length(unique(cig$state))
P <- list(
  y = cig$lpacks,
  X = cbind("(Intercept)" = 1, lrprice = cig$lrprice, lrincome = cig$lrincome, y1995 = cig$y1995),
  Z = cbind("(Intercept)" = 1, lrincome = cig$lrincome, y1995 = cig$y1995, salestax = cig$salestax, cigtax = cig$cigtax)
)
Kp <- 4
lp <- liml_fit(P$y, P$X, P$Z, "lrprice", c("(Intercept)", "lrincome", "y1995"))
case_of("iv_liml_cluster_state",
  "LIML clustered by state, small: ivreg2 ..., liml cluster(state) small.",
  "A^-1 (sum_g (X_g'hat u_g)(.)') A^-1 with xhat = P_Z x, times G/(G-1) (N-1)/(N-K); t(G-1).",
  N, lp$b, vnames(kvar(lp, "cluster", N, Kp, cl = cig$state), names(lp$b)), df = G - 1, stats = list(kappa = lp$kappa))
tp <- tsls_fit(P$y, P$X, P$Z)
gp <- gmm_fit(P$y, P$X, P$Z, tp$u, "cluster", N, Kp, cl = cig$state)
case_of("iv_gmm_cluster_state",
  "Two-step GMM clustered by state, small: ivreg2 ..., gmm2s cluster(state) small.",
  "S = sum_g (Z_g'u1_g)(Z_g'u1_g)' from the 2SLS residuals; V = G/(G-1) (N-1)/(N-K) (X'Z S^-1 Z'X)^-1; J = g'S^-1 g at the GMM estimate.",
  N, gp$b, gp$V, df = G - 1, stats = list(hansen_j = gp$J))
gpl <- gmm_fit(P$y, P$X, P$Z, tp$u, "cluster", N, Kp, small = FALSE, cl = cig$state)
case_of("iv_gmm_cluster_state_large",
  "Two-step GMM clustered by state without small: ivreg2 ..., gmm2s cluster(state).",
  "as iv_gmm_cluster_state without G/(G-1) (N-1)/(N-K); z statistics.",
  N, gpl$b, gpl$V, stats = list(hansen_j = gpl$J))

# With state fixed effects. LSDV: the 48 state dummies are columns of X, Z and X1 (no constant).
Dm <- model.matrix(~ factor(state) - 1, cig)
Pf <- list(y = cig$lpacks,
  X = cbind(lrprice = cig$lrprice, lrincome = cig$lrincome, y1995 = cig$y1995, Dm),
  Z = cbind(lrincome = cig$lrincome, y1995 = cig$y1995, salestax = cig$salestax, cigtax = cig$cigtax, Dm))
slopes <- c("lrprice", "lrincome", "y1995")
Kf <- ncol(Pf$X) # 3 slopes + 48 absorbed levels
lf <- liml_fit(Pf$y, Pf$X, Pf$Z, "lrprice", c("lrincome", "y1995", colnames(Dm)))
slope_block <- function(V) V[slopes, slopes]
Vlf_iid <- slope_block(vnames(kvar(lf, "iid", N, Kf), colnames(Pf$X)))
case_of("iv_liml_fe_iid",
  "LIML with absorbed state FE, iid, small: ivreghdfe ..., absorb(state) liml small (= ivreg2 on the within-transformed data with the FE degrees of freedom).",
  "LSDV: state dummies as exogenous regressors and instruments; kappa with M_X1 over [lrincome, y1995, dummies]; sigma^2 = u'u/(N-3-48).",
  N, lf$b[slopes], Vlf_iid, df = N - Kf, stats = list(kappa = lf$kappa))
# Clustered by state with the FE nested in the cluster: G/(G-1) (N-1)/(N-K_adj), K_adj = slopes + 1
# (the 2SLS rule of this project, docs/conventions.md; reghdfe/ivreghdfe count the nested FE as one).
Kadj <- length(slopes) + 1
Vlf_cl <- slope_block(vnames(kvar(lf, "cluster", N, Kf, cl = cig$state, Kadj = Kadj), colnames(Pf$X)))
case_of("iv_liml_fe_cluster_state",
  "LIML with absorbed state FE clustered by state, small: ivreghdfe ..., absorb(state) cluster(state) liml.",
  "LSDV: A^-1 (cluster sums of xhat u) A^-1, xhat = P_Z x; G/(G-1) (N-1)/(N-K_adj), K_adj = slopes + 1 (FE nested in the cluster); t(G-1).",
  N, lf$b[slopes], Vlf_cl, df = G - 1, stats = list(kappa = lf$kappa))
# GMM robust with FE: LSDV and within-transformed agree; the within form is the one reported.
tf <- tsls_fit(Pf$y, Pf$X, Pf$Z)
gf_lsdv <- gmm_fit(Pf$y, Pf$X, Pf$Z, tf$u, "hc1", N, Kf)
dm <- function(v) v - ave(v, cig$state)
Xw <- cbind(lrprice = dm(cig$lrprice), lrincome = dm(cig$lrincome), y1995 = dm(cig$y1995))
Zw <- cbind(lrincome = dm(cig$lrincome), y1995 = dm(cig$y1995), salestax = dm(cig$salestax), cigtax = dm(cig$cigtax))
yw <- dm(cig$lpacks)
tw <- tsls_fit(yw, Xw, Zw)
gf_hc <- gmm_fit(yw, Xw, Zw, tw$u, "hc1", N, Kf)
chk_lsdv <- stopifnot_close(gf_hc$b, gf_lsdv$b[slopes], 1e-8, "GMM robust: within vs LSDV")
stopifnot_close(diag(gf_hc$V), diag(gf_lsdv$V[slopes, slopes]), 1e-7, "GMM robust V: within vs LSDV")
stopifnot_close(gf_hc$J, gf_lsdv$J, 1e-7, "GMM robust J: within vs LSDV")
case_of("iv_gmm_fe_hc1",
  "Two-step GMM with absorbed state FE, robust, small: ivreghdfe ..., absorb(state) robust gmm2s.",
  "within-transformed data (= LSDV with the dummies as moment conditions, checked in the script); V = N/(N-3-48) (X'Z S^-1 Z'X)^-1.",
  N, gf_hc$b, gf_hc$V, df = N - Kf, stats = list(hansen_j = gf_hc$J),
  extra = list(check = list(within_vs_lsdv_max_rel_diff = chk_lsdv)))
gf_cl <- gmm_fit(yw, Xw, Zw, tw$u, "cluster", N, Kf, cl = cig$state, Kadj = Kadj)
case_of("iv_gmm_fe_cluster_state",
  "Two-step GMM with absorbed state FE clustered by state, small: ivreghdfe ..., absorb(state) cluster(state) gmm2s.",
  "within-transformed data (ivreghdfe partials the FE out before ivreg2's GMM; the LSDV form has more moments than clusters); S = cluster sums from the 2SLS residuals; V = G/(G-1) (N-1)/(N-K_adj) (X'Z S^-1 Z'X)^-1, K_adj = slopes + 1.",
  N, gf_cl$b, gf_cl$V, df = G - 1, stats = list(hansen_j = gf_cl$J))

# 2SLS with analytic weights and state FE: fixest feols (weights = analytic).
fx_iid <- feols(lpacks ~ lrincome + y1995 | state | lrprice ~ salestax + cigtax, data = cig, weights = ~population, vcov = "iid")
fx_cl <- summary(fx_iid, vcov = ~state)
rn <- function(b) { names(b) <- sub("^fit_", "", names(b)); b }
rv <- function(V) { dimnames(V) <- list(sub("^fit_", "", rownames(V)), sub("^fit_", "", colnames(V))); V }
case_of("iv_w_aw_fe_2sls_iid",
  "2SLS with analytic weights (population) and state FE, iid: fixest feols(..., weights = ~population); reghdfe-style ivreghdfe [aw=].",
  "fixest 0.12.2 iid: sum(w u^2)/(N-K-A) (Xhat'W Xhat)^-1, t(N-K-A).",
  N, rn(coef(fx_iid)), rv(vcov(fx_iid)), df = N - 3 - G)
case_of("iv_w_aw_fe_2sls_cluster_fixest",
  "2SLS with analytic weights and state FE clustered by state: fixest feols(..., weights = ~population, vcov = ~state).",
  "fixest 0.12.2 default ssc: G/(G-1) (N-1)/(N-K), FE nested in the cluster not counted; t(G-1).",
  N, rn(coef(fx_cl)), rv(vcov(fx_cl)), df = G - 1)
# LIML with analytic weights, FE, clustered: LSDV on sqrt(w)-scaled rows.
wp <- cig$population / mean(cig$population)
sw <- sqrt(wp)
lfw <- liml_fit(Pf$y * sw, Pf$X * sw, Pf$Z * sw, "lrprice", c("lrincome", "y1995", colnames(Dm)))
case_of("iv_w_aw_liml_fe_cluster_state",
  "LIML with analytic weights (population), state FE, clustered by state, small: ivreghdfe ... [aw=population], absorb(state) cluster(state) liml.",
  "LSDV on sqrt(w)-scaled rows (w normalised to mean 1); cluster sums of w xhat u, xhat = P_Z x; G/(G-1) (N-1)/(N-K_adj), K_adj = slopes + 1.",
  N, lfw$b[slopes], slope_block(vnames(kvar(lfw, "cluster", N, Kf, cl = cig$state, Kadj = Kadj), colnames(Pf$X))), df = G - 1,
  stats = list(kappa = lfw$kappa))
