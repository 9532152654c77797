# lin_kp_rank.R -- oracle for the Kleibergen-Paap (2006) rk statistics with
# TWO endogenous regressors, plus the Cragg-Donald Wald F.
#
# What it computes: for 2SLS with K endogenous regressors Y and L >= K excluded
# instruments Z, the test of rank(Pi) = K-1 of the first-stage coefficient
# matrix Pi, as Stata's
#     ranktest (endog) (excluded_instr), partial(exog) full [wald] robust|cluster(c)
# computes it (and as ivreg2 / ivreghdfe print it as "Kleibergen-Paap rk LM
# statistic" and "Kleibergen-Paap rk Wald F statistic"), and the Cragg-Donald
# Wald F from the canonical correlations of the partialled Y and Z. The 2SLS
# itself is fitted with AER::ivreg so a test can confirm it is the same model.
#
# Run from the repository root:
#     Rscript oracle/lin_kp_rank.R
# Data are read from ../shared/fixtures/data and one JSON per case is written to
# test/fixtures/expected/<case>.json (paths are derived from this file's
# location, so any working directory works). The script stops if any
# self-check fails: (a) K = 1 reproduces the existing lin_iv_cigsw1995_hc1
# fixture, (b) homoskedastic identities (Anderson LM, Cragg-Donald),
# (c) invariance to the order of the endogenous variables and to an invertible
# linear recombination of the instruments.
#
# Needs R with AER, sandwich and jsonlite (Debian: r-cran-aer r-cran-sandwich
# r-cran-jsonlite).

suppressPackageStartupMessages({
  library(AER)
  library(sandwich)
  library(jsonlite)
})
options(warn = 1, stringsAsFactors = FALSE)

# ---------------------------------------------------------------------------
# Paths (relative to this script: <root>/oracle/lin_kp_rank.R)
# ---------------------------------------------------------------------------
this_file <- function() {
  a <- commandArgs(trailingOnly = FALSE)
  f <- sub("^--file=", "", a[grep("^--file=", a)])
  if (length(f) != 1) stop("run with: Rscript oracle/lin_kp_rank.R")
  normalizePath(f)
}
ROOT <- dirname(dirname(this_file()))
DATA_DIR <- normalizePath(file.path(ROOT, "..", "shared", "fixtures", "data"))
SHARED_EXP <- normalizePath(file.path(ROOT, "..", "shared", "fixtures", "expected"))
OUT_DIR <- file.path(ROOT, "test", "fixtures", "expected")
dir.create(OUT_DIR, showWarnings = FALSE, recursive = TRUE)

read_data <- function(file) read.csv(file.path(DATA_DIR, file), stringsAsFactors = FALSE)

TOL <- 1e-10
rel_diff <- function(a, b) max(abs(a - b) / pmax(abs(b), 1e-300))
check_rel <- function(a, b, what, tol = TOL) {
  d <- rel_diff(a, b)
  if (!is.finite(d) || d > tol) stop(sprintf("self-check failed: %s (max rel diff %.3e > %.0e)", what, d, tol))
  d
}

# ---------------------------------------------------------------------------
# Building blocks
# ---------------------------------------------------------------------------

# M_W X: residuals of each column of X on W (W holds the constant, the
# exogenous regressors and, for FE cases, the factor dummies).
partial_out <- function(X, W) {
  X <- as.matrix(X)
  qrW <- qr(W)
  if (qrW$rank < ncol(W)) stop("W is rank deficient")
  R <- qr.resid(qrW, X)
  colnames(R) <- colnames(X)
  R
}

# Design matrix of the partialled-out regressors: constant + exog + FE dummies.
w_matrix <- function(d, exog, fe) {
  rhs <- c("1", exog, if (length(fe)) paste0("factor(", fe, ")"))
  model.matrix(as.formula(paste("~", paste(rhs, collapse = " + "))), data = d)
}

# Symmetric square root of a symmetric PSD matrix via eigen.
sqrtm_sym <- function(M) {
  e <- eigen(M, symmetric = TRUE)
  e$vectors %*% diag(sqrt(pmax(e$values, 0)), nrow = length(e$values)) %*% t(e$vectors)
}

# Meat S = sum_g g g', g = sum over the obs of group g of (e_i kron z_i).
# Element (k-1)*L + l of e_i kron z_i is e_ik * z_il (= vec ordering of an L x K matrix).
kron_rows <- function(E, Z) {
  K <- ncol(E); L <- ncol(Z)
  H <- matrix(0, nrow(E), K * L)
  for (k in seq_len(K)) H[, (k - 1) * L + seq_len(L)] <- E[, k] * Z
  H
}
meat <- function(E, Z, cluster = NULL) {
  H <- kron_rows(E, Z)
  if (!is.null(cluster)) H <- rowsum(H, as.character(cluster), reorder = TRUE)
  crossprod(H)
}

# ranktest, rank K-1 ("full"). Yt (N x K) and Zt (N x L) already partialled.
# wald = FALSE: LM version (e = Yt); TRUE: Wald version (e = Yt - Zt Pi).
# homosk = TRUE: S = (e'e/N) kron Z'Z instead of the robust/cluster meat.
# vhat_identity = TRUE: Vhat = I/N (used by self-check b).
kp_rank <- function(Yt, Zt, wald = FALSE, cluster = NULL, homosk = FALSE, vhat_identity = FALSE) {
  Yt <- as.matrix(Yt); Zt <- as.matrix(Zt)
  N <- nrow(Yt); K <- ncol(Yt); L <- ncol(Zt)
  stopifnot(L >= K)
  ZZ <- crossprod(Zt); YY <- crossprod(Yt)
  # Pi = (Zt'Zt)^-1 Zt'Yt, computed by QR (Zt'Zt can have a condition number
  # ~1e13 with raw-scale instruments such as population, where solve() refuses)
  Pi <- qr.coef(qr(Zt), Yt)                           # L x K
  Fc <- chol(ZZ); Gc <- chol(YY)                      # upper, F'F = ZZ, G'G = YY
  Gi <- backsolve(Gc, diag(K)); Fi <- backsolve(Fc, diag(L))
  Theta <- Fc %*% Pi %*% Gi                           # L x K
  sv <- svd(Theta, nu = L, nv = K)
  U <- sv$u; V <- sv$v
  idx <- K:L
  U2 <- U[, idx, drop = FALSE]
  u22 <- U[idx, idx, drop = FALSE]
  v <- V[, K]; v22 <- V[K, K]
  aq <- U2 %*% solve(u22) %*% sqrtm_sym(u22 %*% t(u22))   # L x (L-K+1)
  bq <- sqrt(v22^2) * (1 / v22) * t(v)                     # 1 x K
  B <- kronecker(bq, t(aq))                                # (L-K+1) x (K L)
  lambda <- B %*% as.vector(Theta)
  e <- if (wald) Yt - Zt %*% Pi else Yt
  if (vhat_identity) {
    Vhat <- diag(K * L) / N
  } else {
    S <- if (homosk) kronecker(crossprod(e) / N, ZZ) else meat(e, Zt, cluster)
    T <- kronecker(t(Gi), t(Fi))
    Vhat <- T %*% S %*% t(T)
  }
  Omega <- B %*% Vhat %*% t(B)
  rk <- as.numeric(t(lambda) %*% solve(Omega, lambda))
  df <- L - K + 1
  list(chi2 = rk, df = df, p = pchisq(rk, df, lower.tail = FALSE),
       singular_values = sv$d, Pi = Pi)
}

# Squared canonical correlations between Yt and Zt (both already centred by
# the partialling), largest first: eigenvalues of YY^-1 Y'Pz Y.
canon_r2 <- function(Yt, Zt) {
  YY <- crossprod(Yt)
  M <- solve(YY, crossprod(qr.fitted(qr(Zt), Yt)))   # YY^-1 Y'Pz Y
  sort(Re(eigen(M, only.values = TRUE)$values), decreasing = TRUE)
}

# ---------------------------------------------------------------------------
# One case
# ---------------------------------------------------------------------------
A_MIX <- matrix(c(2, 1, 0,
                  -1, 3, 1,
                  0.5, 0, 1), 3, 3, byrow = TRUE)   # fixed non-singular mixing matrix

run_case <- function(case, dataset, d, y, endog, exog, instr, fe = character(0),
                     vcov = c("HC", "cluster"), cluster = NULL, description) {
  vcov <- match.arg(vcov)
  N <- nrow(d); K <- length(endog); L <- length(instr)
  W <- w_matrix(d, exog, fe)
  Yt <- partial_out(as.matrix(d[endog]), W)
  Zt <- partial_out(as.matrix(d[instr]), W)
  cl <- if (vcov == "cluster") d[[cluster]] else NULL

  lm_t <- kp_rank(Yt, Zt, wald = FALSE, cluster = cl)
  wd_t <- kp_rank(Yt, Zt, wald = TRUE, cluster = cl)

  # small-sample counts
  fe_df <- if (length(fe)) sum(sapply(fe, function(f) length(unique(d[[f]])))) - (length(fe) - 1) else 1
  Ktot <- length(exog) + L + fe_df                 # exog + excluded instr + (constant | FE dof)
  stopifnot(Ktot == ncol(W) + L)
  if (vcov == "cluster") {
    Gcl <- length(unique(cl))
    # FE nested in the cluster variable (every level lies within one cluster);
    # each counts as one parameter (the reghdfe/fixest nested rule): its
    # levels are removed from Ktot and 1 is added back.
    is_nested <- vapply(fe, function(f)
      all(tapply(as.character(cl), d[[f]], function(x) length(unique(x))) == 1), logical(1))
    nested_levels <- sum(vapply(fe[is_nested], function(f) length(unique(d[[f]])), numeric(1)))
    Kadj <- Ktot - nested_levels + sum(is_nested)
    kp_factor <- (N - Kadj) / (N - 1) * (Gcl - 1) / Gcl / L
    factor_text <- sprintf("F = chi2 / (N-1) * (N-Kadj) * (G-1)/G / L with N = %d, G = %d clusters, Kadj = %d, L = %d", N, Gcl, Kadj, L)
  } else {
    Kadj <- NA; Gcl <- NA
    kp_factor <- (N - Ktot) / N / L
    factor_text <- sprintf("F = chi2 / N * (N-Ktot) / L with N = %d, Ktot = %d, L = %d", N, Ktot, L)
  }
  kp_F <- wd_t$chi2 * kp_factor

  r2 <- canon_r2(Yt, Zt)
  rK <- min(r2)
  cd <- rK / (1 - rK)
  cd_F <- cd * (N - Ktot) / L

  # ---- self-checks ----------------------------------------------------------
  checks <- list()
  # cross-check of canonical correlations with stats::cancor
  cc <- cancor(Yt, Zt, xcenter = FALSE, ycenter = FALSE)$cor
  checks$canonical_correlations_vs_cancor <- check_rel(sort(cc^2, decreasing = TRUE), r2, "canonical correlations vs cancor")
  # singular values of Theta are the canonical correlations
  checks$theta_singular_values_eq_canonical <- check_rel(lm_t$singular_values^2, r2, "sv(Theta)^2 == canonical r^2")
  cd_alt <- min(eigen(solve(crossprod(Yt - Zt %*% wd_t$Pi), crossprod(Zt %*% wd_t$Pi)), only.values = TRUE)$values)
  checks$cragg_donald_vs_eigen_form <- check_rel(Re(cd_alt), cd, "CD: r^2/(1-r^2) vs eigen of (E'E)^-1 Yhat'Yhat")
  if (K >= 2) {
    # (b) homoskedastic identities
    anderson <- kp_rank(Yt, Zt, wald = FALSE, vhat_identity = TRUE)$chi2
    checks$b_lm_vhat_identity_eq_anderson <- check_rel(anderson, N * rK, "(b) LM with Vhat = I/N == N r_K^2")
    cdw <- kp_rank(Yt, Zt, wald = TRUE, homosk = TRUE)$chi2
    checks$b_wald_homoskedastic_eq_cragg_donald <- check_rel(cdw, N * cd, "(b) homoskedastic Wald == N r_K^2/(1-r_K^2)")
    lmh <- kp_rank(Yt, Zt, wald = FALSE, homosk = TRUE)$chi2
    checks$b_lm_homoskedastic_eq_anderson <- check_rel(lmh, N * rK, "(b) homoskedastic LM == N r_K^2")
    # (c) invariance
    sw <- rev(seq_len(K))
    checks$c_swap_endog_lm <- check_rel(kp_rank(Yt[, sw], Zt, FALSE, cl)$chi2, lm_t$chi2, "(c) LM swap endog", 1e-8)
    checks$c_swap_endog_wald <- check_rel(kp_rank(Yt[, sw], Zt, TRUE, cl)$chi2, wd_t$chi2, "(c) Wald swap endog", 1e-8)
    # Mixing matrix A = diag(1/sd(Z)) A0: the columns are put on a common scale
    # first. (Mixing the raw columns directly, e.g. 0.5*population (~1e6) into
    # salestax (~1), destroys the smaller instrument's information in the data
    # themselves through cancellation -- even the exactly invariant canonical
    # correlations then move at 1e-5 -- which would test floating point, not
    # the statistic.)
    A0 <- if (L == 3) A_MIX else if (L == 2) matrix(c(2, 1, -1, 3), 2, 2, byrow = TRUE) else
      diag(L) + 0.5 * (row(diag(L)) == col(diag(L)) - 1)
    A <- diag(1 / apply(as.matrix(d[instr]), 2, sd), nrow = L) %*% A0
    stopifnot(abs(det(A0)) > 1e-8)
    ZA <- as.matrix(d[instr]) %*% A
    ZAt <- partial_out(ZA, W)
    checks$c_instrument_recombination_lm <- check_rel(kp_rank(Yt, ZAt, FALSE, cl)$chi2, lm_t$chi2, "(c) LM Z A", 1e-8)
    checks$c_instrument_recombination_wald <- check_rel(kp_rank(Yt, ZAt, TRUE, cl)$chi2, wd_t$chi2, "(c) Wald Z A", 1e-8)
    ZD <- partial_out(as.matrix(d[instr]) %*% diag(10^seq(-1, 1, length.out = L), nrow = L), W)
    checks$c_instrument_rescaling_lm <- check_rel(kp_rank(Yt, ZD, FALSE, cl)$chi2, lm_t$chi2, "(c) LM Z D", 1e-8)
    checks$c_instrument_rescaling_wald <- check_rel(kp_rank(Yt, ZD, TRUE, cl)$chi2, wd_t$chi2, "(c) Wald Z D", 1e-8)
    checks$c_instrument_recombination_cd <- check_rel(min(canon_r2(Yt, ZAt)), rK, "(c) CD Z A", 1e-8)
  }

  # ---- the 2SLS itself (AER::ivreg) -----------------------------------------
  fe_terms <- if (length(fe)) paste0("factor(", fe, ")") else character(0)
  rhs_x <- paste(c(endog, exog, fe_terms), collapse = " + ")
  rhs_z <- paste(c(exog, fe_terms, instr), collapse = " + ")
  fml <- sprintf("%s ~ %s | %s", y, rhs_x, rhs_z)
  m <- ivreg(as.formula(fml), data = d)
  stopifnot(nobs(m) == N)
  keep <- c(if (!length(fe)) "(Intercept)", endog, exog)
  b <- coef(m)[keep]
  # manual 2SLS on partialled data (FWL) must agree
  X2 <- partial_out(as.matrix(d[c(endog, exog)]), w_matrix(d, character(0), fe))
  Z2 <- partial_out(as.matrix(d[c(exog, instr)]), w_matrix(d, character(0), fe))
  y2 <- partial_out(as.matrix(d[y]), w_matrix(d, character(0), fe))
  Xh <- Z2 %*% solve(crossprod(Z2), crossprod(Z2, X2))
  bm <- solve(crossprod(Xh, X2), crossprod(Xh, y2))
  checks$ivreg_vs_manual_fwl_2sls <- check_rel(as.numeric(bm), as.numeric(coef(m)[c(endog, exog)]), "2SLS ivreg vs manual FWL", 1e-8)

  sc <- lapply(names(checks), function(n) list(check = n, passed = TRUE, max_rel_diff = checks[[n]]))

  r_code <- paste(c(
    sprintf("d <- read.csv(\"%s\")", basename(dataset)),
    sprintf("m <- AER::ivreg(%s, data = d)", fml),
    sprintf("W <- model.matrix(~ %s, d); Yt <- qr.resid(qr(W), as.matrix(d[c(%s)])); Zt <- qr.resid(qr(W), as.matrix(d[c(%s)]))",
            paste(c("1", exog, fe_terms), collapse = " + "),
            paste0("\"", endog, "\"", collapse = ", "), paste0("\"", instr, "\"", collapse = ", ")),
    sprintf("kp_rank(Yt, Zt, wald = FALSE%s)  # KP rk LM", if (vcov == "cluster") sprintf(", cluster = d$%s", cluster) else ""),
    sprintf("kp_rank(Yt, Zt, wald = TRUE%s)   # KP rk Wald", if (vcov == "cluster") sprintf(", cluster = d$%s", cluster) else ""),
    "canon_r2(Yt, Zt)  # squared canonical correlations -> Cragg-Donald",
    "# kp_rank / canon_r2: oracle/lin_kp_rank.R"), collapse = "\n")

  conv <- paste0(
    "Reproduces Stata's `ranktest (", paste(endog, collapse = " "), ") (", paste(instr, collapse = " "),
    "), partial(", paste(c(exog, if (length(fe)) paste0("<", fe, " FE>")), collapse = " "), ") full [wald] ",
    if (vcov == "cluster") paste0("cluster(", cluster, ")") else "robust",
    "`, i.e. the Kleibergen-Paap rk LM statistic and rk Wald F statistic that ivreg2/ivreghdfe print. ",
    "Y (N x K, K = ", K, ") and Z (N x L, L = ", L, ") are partialled on W = constant + exogenous regressors",
    if (length(fe)) " + fixed-effect dummies" else "", ": Yt = M_W Y, Zt = M_W Z. ",
    "Pi = (Zt'Zt)^-1 Zt'Yt; F = chol(Zt'Zt), G = chol(Yt'Yt) (upper, F'F = Zt'Zt); Theta = F Pi G^-1; full SVD Theta = U diag(s) V'. ",
    "Rank K-1 test: U2 = U[, K:L], u22 = U[K:L, K:L], v = V[, K], v22 = V[K, K]; aq = U2 u22^-1 (u22 u22')^(1/2) (symmetric root), bq = |v22|/v22 v'; lambda = (bq kron aq') vec(Theta). ",
    "Residuals: LM version e = Yt; Wald version e = Yt - Zt Pi. S = sum over ",
    if (vcov == "cluster") "clusters" else "observations",
    " of g g', g = sum of (e_i kron z_i) (index (k-1)L + l, matching vec(Theta)); no small-sample factor in S. ",
    "Vhat = (G'^-1 kron F'^-1) S (G'^-1 kron F'^-1)'; Omega = (bq kron aq') Vhat (bq kron aq')'; rk = lambda' Omega^-1 lambda ~ chi2(L-K+1). ",
    "KP rk LM = rk of the LM version (no factor). KP rk Wald chi2 = rk of the Wald version. ",
    if (vcov == "cluster")
      sprintf("KP rk Wald F = chi2/(N-1) * (N-Kadj) * (G-1)/G / L with G = %d clusters and Kadj = exog + L + 1 + (FE dof) - (levels of FE nested in the cluster) = %d: the state FE is nested in the state cluster and counts as one parameter (the project's reghdfe/fixest-nested rule), so Kadj = exog + L + number of year levels. ", Gcl, Kadj)
    else sprintf("KP rk Wald F = chi2/N * (N-Ktot)/L with Ktot = exog + L + %s = %d. ",
                 if (length(fe)) "FE dof (state levels + year levels - 1)" else "1 (constant)", Ktot),
    "Cragg-Donald: r_j^2 = squared canonical correlations between Yt and Zt (= squared singular values of Theta), cd = min_j r_j^2/(1-r_j^2) (minimum eigenvalue statistic), Cragg-Donald Wald F = cd (N-Ktot)/L with the non-clustered Ktot = ", Ktot,
    " (ivreg2's cdf). Self-checks: homoskedastic Vhat = I/N gives N r_K^2 (Anderson LM) and the homoskedastic Wald S = (e'e/N) kron Zt'Zt gives N r_K^2/(1-r_K^2); invariance to the order of the endogenous variables and to Z -> Z A.")

  out <- list(
    case = case, dataset = dataset, description = description,
    spec = list(depvar = y, endogenous = I(endog), exogenous = I(exog), instruments = I(instr),
                fixed_effects = I(fe), vcov = vcov, cluster = if (is.null(cluster)) NA else cluster),
    r_code = r_code, conventions = conv, nobs = N,
    coefficients = as.list(b),
    tests = list(
      kleibergen_paap_rk_lm = list(chi2 = lm_t$chi2, df = lm_t$df, p = lm_t$p),
      kleibergen_paap_rk_wald = list(chi2 = wd_t$chi2, df = wd_t$df, p = wd_t$p),
      kleibergen_paap_rk_wald_F = list(F = kp_F, factor = kp_factor, factor_formula = factor_text,
                                       N = N, K_tot = Ktot, K_adj = Kadj, n_clusters = Gcl, L = L),
      cragg_donald = list(cd = cd, F = cd_F),
      canonical_correlations = sqrt(r2)),
    self_checks = sc)
  cat(sprintf("%-40s LM %.10g  Wald %.10g  KP F %.10g  CD F %.10g\n", case, lm_t$chi2, wd_t$chi2, kp_F, cd_F))
  invisible(out)
}

# ---------------------------------------------------------------------------
# Self-check (a): K = 1 reproduces the existing lin_iv_cigsw1995_hc1 fixture
# ---------------------------------------------------------------------------
cs <- read_data("cigarettes_sw_1995.csv")
local({
  ref <- fromJSON(file.path(SHARED_EXP, "lin_iv_cigsw1995_hc1.json"))
  W <- w_matrix(cs, "lrincome", character(0))
  Yt <- partial_out(as.matrix(cs["lrprice"]), W)
  Zt <- partial_out(as.matrix(cs[c("salestax", "cigtax")]), W)
  lm1 <- kp_rank(Yt, Zt, wald = FALSE)$chi2
  wd1 <- kp_rank(Yt, Zt, wald = TRUE)$chi2
  d1 <- check_rel(lm1, ref$tests$kleibergen_paap_rk_lm$chi2, "(a) K=1 KP LM vs lin_iv_cigsw1995_hc1")
  d2 <- check_rel(wd1, ref$tests$kleibergen_paap_rk_wald_F$wald_hc0, "(a) K=1 KP Wald vs lin_iv_cigsw1995_hc1")
  N <- nrow(cs); F1 <- wd1 / N * (N - (1 + 2 + 1)) / 2
  d3 <- check_rel(F1, ref$tests$kleibergen_paap_rk_wald_F$F, "(a) K=1 KP F vs lin_iv_cigsw1995_hc1")
  cat(sprintf("(a) K=1 check passed: LM rel diff %.2e, Wald %.2e, F %.2e\n", d1, d2, d3))
  assign("CHECK_A", list(check = "a_k1_reproduces_lin_iv_cigsw1995_hc1",
                         passed = TRUE, max_rel_diff = max(d1, d2, d3)), envir = .GlobalEnv)
})

# ---------------------------------------------------------------------------
# Cases
# ---------------------------------------------------------------------------
desc_cs <- "AER::CigarettesSW, 1995 cross-section of 48 states. 2SLS of log packs per capita (lpacks) on log real price (lrprice) and log real per-capita income (lrincome), both treated as endogenous; constant is the only exogenous regressor."
# runs a case, puts check (a) first in its self_checks and writes the JSON
write_with_a <- function(...) {
  out <- run_case(...)
  out$self_checks <- c(list(CHECK_A), out$self_checks)
  txt <- toJSON(out, auto_unbox = TRUE, digits = I(15), pretty = TRUE, null = "null", na = "null")
  writeLines(txt, file.path(OUT_DIR, paste0(out$case, ".json")))
  invisible(out)
}

write_with_a("lin_kp_cigsw1995_k2_hc1", "data/cigarettes_sw_1995.csv", cs, "lpacks",
             c("lrprice", "lrincome"), character(0), c("salestax", "cigtax", "population"),
             vcov = "HC",
             description = paste(desc_cs, "Excluded instruments: salestax, cigtax, population (L = 3, df = 2). Heteroskedasticity-robust KP statistics."))
write_with_a("lin_kp_cigsw1995_k2_exact_hc1", "data/cigarettes_sw_1995.csv", cs, "lpacks",
             c("lrprice", "lrincome"), character(0), c("salestax", "cigtax"),
             vcov = "HC",
             description = paste(desc_cs, "Excluded instruments: salestax, cigtax (exactly identified, L = K = 2, df = 1). Heteroskedasticity-robust KP statistics."))

pr <- read_data("produc.csv")
desc_pr <- "plm::Produc, 48 US states x 17 years (1970-1986), N = 816. 2SLS of log gross state product (lgsp) on log private capital (lpc) and log employment (lemp), both endogenous, and unemp (exogenous), with two-way fixed effects (state and year); excluded instruments: public capital components hwy, water, util (raw levels)."
write_with_a("lin_kp_produc_fe_k2_hc1", "data/produc.csv", pr, "lgsp",
             c("lpc", "lemp"), "unemp", c("hwy", "water", "util"), fe = c("state", "year"),
             vcov = "HC",
             description = paste(desc_pr, "Heteroskedasticity-robust KP statistics."))
write_with_a("lin_kp_produc_fe_k2_cluster_state", "data/produc.csv", pr, "lgsp",
             c("lpc", "lemp"), "unemp", c("hwy", "water", "util"), fe = c("state", "year"),
             vcov = "cluster", cluster = "state",
             description = paste(desc_pr, "KP statistics clustered by state (48 clusters)."))
cat("all self-checks passed\n")
