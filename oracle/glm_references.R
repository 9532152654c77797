# glm_references.R -- reference values for Poisson/GLM with fixed effects, marginal effects,
# LIML / two-step GMM and the between estimator.
#
#   Rscript oracle/glm_references.R        (from the repository root, or any folder)
#
# Writes test/fixtures/data/glm_*.csv (generated data, seeded) and
# test/fixtures/expected/glm_*.json. Needs R >= 4.2 with fixest 0.12.x, sandwich, plm, AER,
# jsonlite. Each JSON records the R code, the package versions and the conventions used.

suppressPackageStartupMessages({
  library(fixest)
  library(sandwich)
  library(plm)
  library(AER)
  library(jsonlite)
})
options(warn = 1, stringsAsFactors = FALSE)

source(file.path(dirname(sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE))), "inf_lib.R"))  # paths, fmt_num, write_data
DATA <- DATA_DIR
EXP <- EXP_DIR

versions <- list(
  R = paste(R.version$major, R.version$minor, sep = "."),
  fixest = as.character(packageVersion("fixest")),
  sandwich = as.character(packageVersion("sandwich")),
  plm = as.character(packageVersion("plm")),
  AER = as.character(packageVersion("AER"))
)

num <- function(x) {
  out <- sprintf("%.17g", x)
  out[is.na(x)] <- ""
  out
}
write_data <- function(df, file) {
  cols <- lapply(df, function(v) if (is.numeric(v)) num(v) else as.character(v))
  lines <- c(paste(names(df), collapse = ","), do.call(paste, c(cols, sep = ",")))
  writeLines(lines, file.path(DATA, file))
}
write_case <- function(x) {
  x$versions <- versions
  writeLines(toJSON(x, auto_unbox = TRUE, digits = NA, pretty = TRUE, null = "null"),
             file.path(EXP, paste0(x$case, ".json")))
  cat("wrote", x$case, "\n")
}
# estimate / se / stat / p for each coefficient; stat is z (normal) unless df is given.
coef_block <- function(b, V, df = NULL) {
  se <- sqrt(diag(V))
  st <- b / se
  p <- if (is.null(df)) 2 * pnorm(-abs(st)) else 2 * pt(-abs(st), df)
  out <- list()
  for (i in seq_along(b)) out[[names(b)[i]]] <- list(estimate = unname(b[i]), se = unname(se[i]), stat = unname(st[i]), p = unname(p[i]))
  out
}
vmat <- function(V) list(terms = rownames(V), matrix = unname(lapply(seq_len(nrow(V)), function(i) unname(V[i, ]))))

# ---------------------------------------------------------------------------------------
# 1. Poisson PML with two-way FE and an offset: AER::Fatalities (fatal counts, state, year)
# ---------------------------------------------------------------------------------------
fat <- read.csv(file.path(DATA, "fatalities.csv"))
fat$lpop <- log(fat$pop)
m_iid <- fepois(fatal ~ beertax + unemp | state + year, offset = ~lpop, data = fat, vcov = "iid", glm.tol = 1e-12, fixef.tol = 1e-11)
m_het <- summary(m_iid, vcov = "hetero")
m_cl <- summary(m_iid, vcov = ~state)
# The same model without the small-sample factor (n-1)/(n-K) (Stata's poisson/ppmlhdfe
# vce(cluster) uses G/(G-1) only):
m_cl_g <- summary(m_iid, vcov = ~state, ssc = ssc(adj = FALSE, cluster.adj = TRUE))
m_het_0 <- summary(m_iid, vcov = "hetero", ssc = ssc(adj = FALSE))
write_case(list(
  case = "glm_poisson_fatalities_twfe",
  dataset = "data/fatalities.csv",
  description = "Poisson pseudo-maximum likelihood, traffic deaths (fatal) on beertax and unemp with state and year fixed effects and offset log(pop); AER::Fatalities, 48 states x 7 years.",
  r_code = "fepois(fatal ~ beertax + unemp | state + year, offset = ~log(pop), data = d, glm.tol = 1e-12, fixef.tol = 1e-11); summary(m, vcov = 'iid' | 'hetero' | ~state, ssc = ...)",
  conventions = "iid: inverse Hessian (expected = observed information for the canonical log link), fixest ssc(adj = TRUE): x (n-1)/(n-K) with K = slopes + FE levels - redundancies. hetero: fixest 0.12 default n/(n-K)... recorded as computed by fixest 0.12.2 (see hetero_noadj for the bare HC0 sandwich). cluster_state: fixest default ssc(adj = TRUE, fixef.K = 'nested', cluster.adj = TRUE): G/(G-1) x (n-1)/(n-K) with the state FE nested in the cluster not counted in K. cluster_state_g_only: G/(G-1) alone (Stata poisson vce(cluster) / ppmlhdfe). Statistics are z.",
  nobs = nobs(m_iid),
  coefficients_iid = coef_block(coef(m_iid), vcov(m_iid)),
  coefficients_hetero = coef_block(coef(m_het), vcov(m_het)),
  coefficients_hetero_noadj = coef_block(coef(m_het_0), vcov(m_het_0)),
  coefficients_cluster_state = coef_block(coef(m_cl), vcov(m_cl)),
  coefficients_cluster_state_g_only = coef_block(coef(m_cl_g), vcov(m_cl_g)),
  vcov_cluster_state = vmat(vcov(m_cl)),
  stats = list(loglik = logLik(m_iid)[1], deviance = deviance(m_iid), pseudo_r2 = fitstat(m_iid, "pr2")[[1]],
               ll_null = m_iid$ll_null, iterations = m_iid$iterations, n_clusters = length(unique(fat$state)))
))

# ---------------------------------------------------------------------------------------
# 2. Gravity-style Poisson with three FE (exporter, importer, year) and separation:
#    generated data with zeros; some importers buy nothing (all-zero FE group -> dropped).
# ---------------------------------------------------------------------------------------
set.seed(20261207)
nex <- 30; nim <- 25; nyr <- 6
g <- expand.grid(exporter = sprintf("E%02d", 1:nex), importer = sprintf("I%02d", 1:nim), year = 2001:(2000 + nyr))
g <- g[as.character(g$exporter) != sub("I", "E", as.character(g$importer)), ]
a_e <- rnorm(nex, 0, 1); names(a_e) <- sprintf("E%02d", 1:nex)
a_i <- rnorm(nim, 0, 1); names(a_i) <- sprintf("I%02d", 1:nim)
a_t <- seq(0, 0.3, length.out = nyr); names(a_t) <- 2001:(2000 + nyr)
g$ldist <- round(log(runif(nrow(g), 100, 10000)), 6)
g$rta <- rbinom(nrow(g), 1, 0.3)
eta <- 2 + a_e[as.character(g$exporter)] + a_i[as.character(g$importer)] + a_t[as.character(g$year)] - 0.15 * g$ldist + 0.2 * g$rta
g$trade <- rpois(nrow(g), exp(eta - 3) * rgamma(nrow(g), 2, 2))
g$trade[g$importer %in% c("I07", "I19")] <- 0 # two importers that never buy: separated by their FE
g$exporter <- as.character(g$exporter); g$importer <- as.character(g$importer)
write_data(g, "glm_gravity.csv")
m_g <- fepois(trade ~ ldist + rta | exporter + importer + year, data = g, vcov = "iid", glm.tol = 1e-12, fixef.tol = 1e-11)
m_g_cl <- summary(m_g, vcov = ~exporter)
m_g_two <- summary(m_g, vcov = ~exporter + importer)
write_case(list(
  case = "glm_poisson_gravity_3fe",
  dataset = "data/glm_gravity.csv",
  description = "Generated gravity panel (30 exporters x 25 importers x 6 years, no self-trade), trade counts with zeros; two importers never buy (their observations are separated by the importer FE and dropped). fepois with exporter, importer and year FE.",
  r_code = "fepois(trade ~ ldist + rta | exporter + importer + year, data = g, glm.tol = 1e-12, fixef.tol = 1e-11)",
  conventions = "fixest 0.12.2 defaults; observations in FE groups whose outcome is all zero are removed before estimation (fixest and ppmlhdfe agree). cluster_exporter: fixest default ssc; twoway: exporter + importer two-way clustering, fixest default (each term's G/(G-1), cluster.df = 'min').",
  nobs = nobs(m_g),
  nobs_removed = length(m_g$obs_selection$obsRemoved),
  removed_fe = lapply(m_g$fixef_removed, function(x) sort(as.character(x))),
  coefficients_iid = coef_block(coef(m_g), vcov(m_g)),
  coefficients_cluster_exporter = coef_block(coef(m_g_cl), vcov(m_g_cl)),
  coefficients_cluster_exporter_importer = coef_block(coef(m_g_two), vcov(m_g_two)),
  stats = list(loglik = logLik(m_g)[1], deviance = deviance(m_g), pseudo_r2 = fitstat(m_g, "pr2")[[1]])
))

# ---------------------------------------------------------------------------------------
# 3. Binary outcomes with absorbed FE (feglm): generated firm x year panel; some firms never
#    or always export (all-0 / all-1 groups are dropped).
# ---------------------------------------------------------------------------------------
set.seed(7)
nf <- 150; nt <- 8
b <- expand.grid(firm = sprintf("F%03d", 1:nf), year = 2001:(2000 + nt))
b$firm <- as.character(b$firm)
af <- rnorm(nf, 0, 1); names(af) <- sprintf("F%03d", 1:nf)
b$x1 <- round(rnorm(nrow(b)), 6)
b$x2 <- round(runif(nrow(b)), 6)
b$size <- round(rnorm(nrow(b), 3, 1), 6)
lat <- af[b$firm] + 0.3 * b$x1 - 0.5 * b$x2 + 0.1 * (b$year - 2004) + rlogis(nrow(b))
b$export <- as.integer(lat > 0)
b$export[b$firm %in% sprintf("F%03d", 1:6)] <- 0L
b$export[b$firm %in% sprintf("F%03d", 7:9)] <- 1L
write_data(b, "glm_binary_panel.csv")
for (link in c("logit", "probit")) {
  fam <- if (link == "logit") binomial("logit") else binomial("probit")
  m <- feglm(export ~ x1 + x2 | firm + year, family = fam, data = b, vcov = "iid", glm.tol = 1e-12, fixef.tol = 1e-11)
  mc <- summary(m, vcov = ~firm)
  mh <- summary(m, vcov = "hetero")
  # The same ML by glm with dummies, converged to 1e-15: fixest's Fisher scoring for a
  # non-canonical link (probit) stops ~1e-8 short of the optimum at glm.tol 1e-12.
  bs <- b[!(b$firm %in% names(which(tapply(b$export, b$firm, function(v) all(v == v[1]))))), ]
  gd <- glm(export ~ x1 + x2 + factor(firm) + factor(year), family = fam, data = bs, control = glm.control(epsilon = 1e-15, maxit = 200))
  polished <- coef(gd)[c("x1", "x2")]
  # fixest's conventions evaluated at that optimum, by hand (they reproduce fixest exactly for
  # logit, where Fisher scoring is Newton's method and fixest converges fully).
  xb <- c("x1", "x2")
  nn <- nobs(gd); KK <- 2 + length(unique(bs$firm)) + length(unique(bs$year)) - 1
  Bf <- vcov(gd) # inverse expected information of all parameters (dispersion 1)
  S <- sandwich::estfun(gd)
  Vh <- (Bf %*% crossprod(S) %*% Bf)[xb, xb] * nn / (nn - KK)
  Sg <- rowsum(S, bs$firm)
  G <- nrow(Sg); Kn <- 2 + length(unique(bs$year))
  Vc <- (Bf %*% crossprod(Sg) %*% Bf)[xb, xb] * G / (G - 1) * (nn - 1) / (nn - Kn)
  Vi <- Bf[xb, xb] * (nn - 1) / (nn - KK)
  at_opt <- list(iid = coef_block(polished, Vi), hetero = coef_block(polished, Vh), cluster_firm = coef_block(polished, Vc))
  write_case(list(
    case = paste0("glm_", link, "_fe_panel"),
    dataset = "data/glm_binary_panel.csv",
    description = paste0("Generated firm x year panel (150 x 8); ", link, " with firm and year FE (fixest feglm). Firms F001-F006 never export and F007-F009 always do: their rows are dropped (FE separation)."),
    r_code = paste0("feglm(export ~ x1 + x2 | firm + year, family = binomial('", link, "'), data = b, glm.tol = 1e-12, fixef.tol = 1e-11)"),
    conventions = "The *_at_optimum blocks apply fixest's rules by hand to R's glm with dummies (converged to 1e-15): for probit fixest's Fisher scoring stops ~1e-7 short of the optimum, so its own blocks carry that error. fixest 0.12.2: iid = inverse of the expected information (IRLS weights; equal to the observed information for logit, not for probit) x (n-1)/(n-K); cluster by firm: fixest default ssc (firm FE nested in the cluster). z statistics.",
    nobs = nobs(m),
    nobs_removed = length(m$obs_selection$obsRemoved),
    coefficients_iid = coef_block(coef(m), vcov(m)),
    coefficients_hetero = coef_block(coef(mh), vcov(mh)),
    coefficients_cluster_firm = coef_block(coef(mc), vcov(mc)),
    estimates_glm_dummies = as.list(polished),
    coefficients_iid_at_optimum = at_opt$iid,
    coefficients_hetero_at_optimum = at_opt$hetero,
    coefficients_cluster_firm_at_optimum = at_opt$cluster_firm,
    stats = list(loglik = logLik(m)[1], deviance = deviance(m), pseudo_r2 = fitstat(m, "pr2")[[1]], iterations = m$iterations)
  ))
}

# ---------------------------------------------------------------------------------------
# 4. Average marginal effects and effects at means (Stata margins, dydx(*) [atmeans]),
#    delta method from the model's vcov, computed by hand.
# ---------------------------------------------------------------------------------------
mroz <- read.csv(file.path(DATA, "nl_mroz.csv"))
xs <- c("nwifeinc", "educ", "exper", "expersq", "age", "kidslt6", "kidsge6")
fml <- inlf ~ nwifeinc + educ + exper + expersq + age + kidslt6 + kidsge6
num_jac <- function(f, b, h = 1e-6) {
  f0 <- f(b)
  J <- matrix(0, length(f0), length(b))
  for (j in seq_along(b)) {
    e <- rep(0, length(b)); e[j] <- h * max(1, abs(b[j]))
    J[, j] <- (f(b + e) - f(b - e)) / (2 * e[j])
  }
  J
}
ame_case <- function(link) {
  m <- glm(fml, family = binomial(link), data = mroz, control = glm.control(epsilon = 1e-14, maxit = 100))
  X <- model.matrix(m)
  b <- coef(m)
  # observed-information vcov (Stata default): analytic Hessian of the log-likelihood
  eta <- drop(X %*% b); y <- mroz$inlf
  if (link == "logit") {
    p <- plogis(eta); w <- p * (1 - p)
    H <- crossprod(X * w, X)
  } else {
    q <- 2 * y - 1; lam <- q * dnorm(q * eta) / pnorm(q * eta)
    w <- lam * (lam + eta)
    H <- crossprod(X * w, X)
  }
  V <- solve(H)
  dens <- if (link == "logit") function(e) dlogis(e) else function(e) dnorm(e)
  ame <- function(bb) { e <- drop(X %*% bb); colMeans(outer(dens(e), bb[xs])) }
  xbar <- colMeans(X)
  atm <- function(bb) { e <- sum(xbar * bb); dens(e) * bb[xs] }
  out <- list()
  for (what in c("average", "means")) {
    f <- if (what == "average") function(bb) ame(bb) else function(bb) atm(bb)
    est <- f(b); names(est) <- xs
    J <- num_jac(f, b, 1e-7)
    VM <- J %*% V %*% t(J); dimnames(VM) <- list(xs, xs)
    out[[what]] <- coef_block(est, VM)
  }
  write_case(list(
    case = paste0("glm_margins_", link, "_mroz"),
    dataset = "data/nl_mroz.csv",
    description = paste0("Mroz labour-force participation, ", link, " on nwifeinc, educ, exper, expersq, age, kidslt6, kidsge6; dy/dx of each regressor treated as continuous (expersq as its own regressor, as `margins, dydx(*)` does when it is entered as a separate variable)."),
    r_code = "glm(...); V = inverse observed information; AME = mean_i f(x_i'b) b_j; at means = f(xbar'b) b_j; delta method with a central-difference Jacobian (h = 1e-7 relative).",
    conventions = "Stata margins: average marginal effects (dydx(*)) and at means (dydx(*) atmeans), delta-method SE from the model's vcov (observed information, Stata's default vce(oim)); z statistics. The Jacobian is numerical (central differences), accurate to about 1e-9 relative.",
    nobs = nrow(X),
    margins_average = out$average,
    margins_means = out$means
  ))
}
ame_case("logit"); ame_case("probit")

# Poisson AME on fatalities without FE (dy/dx = mean(mu_i) b_j), hetero (HC0 x n/(n-1)? no: Stata poisson vce(robust) uses n/(n-1))
mp <- glm(fatal ~ beertax + unemp + income, family = poisson, data = fat, control = glm.control(epsilon = 1e-14, maxit = 100))
Xp <- model.matrix(mp); bp <- coef(mp); mu <- fitted(mp); np <- nrow(Xp)
Hp <- crossprod(Xp * mu, Xp); Vi <- solve(Hp)
S <- Xp * (fat$fatal - mu); Vr <- Vi %*% crossprod(S) %*% Vi * np / (np - 1)
xp <- c("beertax", "unemp", "income")
fa <- function(bb) { m <- exp(drop(Xp %*% bb)); mean(m) * bb[xp] }
Jp <- num_jac(fa, bp, 1e-7)
VMp <- Jp %*% Vr %*% t(Jp); dimnames(VMp) <- list(xp, xp)
estp <- fa(bp); names(estp) <- xp
write_case(list(
  case = "glm_margins_poisson_fatalities",
  dataset = "data/fatalities.csv",
  description = "Poisson of fatal on beertax, unemp, income (no FE), vce(robust); average marginal effects dy/dx = mean(exp(x'b)) b_j.",
  r_code = "glm(fatal ~ beertax + unemp + income, family = poisson); V_robust = H^-1 S'S H^-1 * n/(n-1) (Stata poisson, vce(robust)); delta method.",
  conventions = "Stata poisson vce(robust): sandwich with n/(n-1); margins dydx(*) delta method; z statistics.",
  nobs = np,
  coefficients_robust = coef_block(bp, Vr),
  margins_average = coef_block(estp, VMp)
))

# OLS with a squared term and an interaction: AME of x through I(x^2) and x:z terms.
mo <- lm(frate ~ beertax + I(beertax^2) + unemp + beertax:unemp, data = fat)
Vo <- vcovHC(mo, type = "HC1"); bo <- coef(mo)
fo <- function(bb) c(beertax = mean(bb["beertax"] + 2 * bb["I(beertax^2)"] * fat$beertax + bb["beertax:unemp"] * fat$unemp),
                     unemp = mean(bb["unemp"] + bb["beertax:unemp"] * fat$beertax))
Jo <- num_jac(fo, bo, 1e-7); VMo <- Jo %*% Vo %*% t(Jo); dimnames(VMo) <- list(c("beertax", "unemp"), c("beertax", "unemp"))
write_case(list(
  case = "glm_margins_ols_interactions_fatalities",
  dataset = "data/fatalities.csv",
  description = "OLS frate ~ beertax + I(beertax^2) + unemp + beertax:unemp, HC1; average marginal effects of beertax and unemp (Stata: reg frate c.beertax##c.beertax c.beertax#c.unemp unemp, vce(robust); margins, dydx(beertax unemp)).",
  r_code = "lm(...); vcovHC(type = 'HC1'); AME by hand; delta method (the AME is linear in b, so the Jacobian is exact up to rounding).",
  conventions = "Stata margins after regress: delta method; Stata reports z statistics for margins after regress as well (margins uses the normal unless df() is given).",
  nobs = nrow(fat),
  coefficients_hc1 = coef_block(bo, Vo, mo$df.residual),
  margins_average = coef_block(fo(bo), VMo)
))

# ---------------------------------------------------------------------------------------
# 5. LIML and two-step efficient GMM (ivreg2 liml / gmm2s), by hand: cigarettes 1995.
# ---------------------------------------------------------------------------------------
cig <- read.csv(file.path(DATA, "cigarettes_sw_1995.csv"))
y <- cig$lpacks
X <- cbind("(Intercept)" = 1, lrprice = cig$lrprice, lrincome = cig$lrincome)
Z <- cbind("(Intercept)" = 1, lrincome = cig$lrincome, salestax = cig$salestax, cigtax = cig$cigtax)
n <- length(y); K <- ncol(X); L <- ncol(Z)
Pz <- function(A) Z %*% solve(crossprod(Z), crossprod(Z, A))
# LIML: kappa = smallest eigenvalue of (W'M_Z W)^-1 (W'M_X1 W), W = [y, Y_endog], X1 = exogenous regressors
W <- cbind(y, cig$lrprice)
X1 <- X[, c("(Intercept)", "lrincome")]
MZ <- function(A) A - Pz(A)
MX1 <- function(A) A - X1 %*% solve(crossprod(X1), crossprod(X1, A))
kappa <- min(Re(eigen(solve(crossprod(W, MZ(W))) %*% crossprod(W, MX1(W)))$values))
A <- crossprod(X) - kappa * crossprod(X, MZ(X))
b_liml <- drop(solve(A, crossprod(X, y) - kappa * crossprod(X, MZ(y))))
names(b_liml) <- colnames(X)
u <- drop(y - X %*% b_liml)
V_liml_iid <- sum(u^2) / n * solve(A) # ivreg2 liml (no small): sigma^2 = u'u/N
Ai <- solve(A)
# ivreg2/ivregress liml robust (no small): bread A^-1, meat from the instrument projection
# P_Z X (the variance of the moments z u carried to the coefficients), not (I - kappa M_Z) X:
# Stata 13's `ivregress liml ..., vce(robust)` on hsng (published in linearmodels' tests) is
# reproduced by this form only.
Xh <- Pz(X)
V_liml_rob <- Ai %*% crossprod(Xh * u) %*% Ai
# two-step efficient GMM (ivreg2 gmm2s, robust): S from 2SLS residuals
b_2sls <- drop(solve(crossprod(X, Pz(X)), crossprod(X, Pz(y))))
u1 <- drop(y - X %*% b_2sls)
S <- crossprod(Z * u1) / n
Wm <- solve(S)
XZ <- crossprod(X, Z) / n; Zy <- crossprod(Z, y) / n
b_gmm <- drop(solve(XZ %*% Wm %*% t(XZ), XZ %*% Wm %*% Zy)); names(b_gmm) <- colnames(X)
V_gmm <- solve(XZ %*% Wm %*% t(XZ)) / n # = N (X'Z S^-1 Z'X)^-1 with S = sum(z u^2 z')/N ... per ivreg2 gmm2s
u2 <- drop(y - X %*% b_gmm)
gbar <- crossprod(Z, u2) / n
J <- n * drop(t(gbar) %*% Wm %*% gbar) # Hansen J with S from the first step (ivreg2 gmm2s)
dimnames(V_gmm) <- list(colnames(X), colnames(X))
dimnames(V_liml_iid) <- dimnames(V_liml_rob) <- list(colnames(X), colnames(X))
write_case(list(
  case = "glm_liml_gmm_cigsw1995",
  dataset = "data/cigarettes_sw_1995.csv",
  description = "Stock-Watson cigarette demand 1995 (48 states): lpacks on lrprice (endogenous) and lrincome, instruments salestax and cigtax. LIML and two-step efficient GMM as ivreg2 computes them, by hand.",
  r_code = "see oracle/glm_references.R section 5",
  conventions = "ivreg2 without small: sigma^2 = u'u/N, z statistics. LIML: kappa = min eig((W'M_Z W)^-1 W'M_X1 W), b = (X'(I - kappa M_Z)X)^-1 X'(I - kappa M_Z)y; iid V = sigma^2 (X'(I - kappa M_Z)X)^-1; robust V = A^-1 (sum u_i^2 xh_i xh_i') A^-1 with xh = P_Z X (as Stata ivregress/ivreg2). gmm2s (robust): S = (1/N) sum u_i^2 z_i z_i' from 2SLS residuals, b = (X'Z S^-1 Z'X)^-1 X'Z S^-1 Z'y, V = N (X'Z S^-1 Z'X)^-1 (with sums, not means), Hansen J = N gbar' S^-1 gbar at the GMM estimate using the first-step S.",
  nobs = n,
  kappa = kappa,
  coefficients_liml_iid = coef_block(b_liml, V_liml_iid),
  coefficients_liml_robust = coef_block(b_liml, V_liml_rob),
  coefficients_gmm2s_robust = coef_block(b_gmm, V_gmm),
  stats = list(hansen_j = J, hansen_j_df = L - K, hansen_j_p = pchisq(J, L - K, lower.tail = FALSE))
))

# ---------------------------------------------------------------------------------------
# 6. Between estimator (xtreg, be): Grunfeld.
# ---------------------------------------------------------------------------------------
gr <- read.csv(file.path(DATA, "grunfeld.csv"))
mb <- plm(inv ~ value + capital, data = pdata.frame(gr, index = c("firm", "year")), model = "between")
sb <- summary(mb)
write_case(list(
  case = "glm_between_grunfeld",
  dataset = "data/grunfeld.csv",
  description = "Grunfeld investment (10 firms x 20 years): between estimator, OLS of firm means of inv on firm means of value and capital (Stata xtreg inv value capital, be).",
  r_code = "plm(inv ~ value + capital, data = pdata.frame(d, index = c('firm', 'year')), model = 'between')",
  conventions = "Stata xtreg, be: OLS on the group means (unweighted for a balanced panel), iid SE with df = n_groups - K; t statistics. nobs = rows used, n_groups = units.",
  nobs = nrow(gr),
  n_groups = length(unique(gr$firm)),
  coefficients = coef_block(coef(mb), vcov(mb), df.residual(mb)),
  stats = list(r2_between = unname(sb$r.squared["rsq"]), df_resid = df.residual(mb))
))

# ---------------------------------------------------------------------------------------
# 7. MTE local-IV regression with a factor control, interacting the propensity with the
#    non-factor controls only (mtefe's default) — nl_mte_sim plus a four-level group.
# ---------------------------------------------------------------------------------------
ms <- read.csv(file.path(DATA, "nl_mte_sim.csv"))
ms$g <- paste0("g", ms$id %% 4)
write_data(ms[, c("id", "y", "d", "x1", "g", "z1", "z2")], "glm_mte_factor.csv")
ps <- glm(d ~ x1 + factor(g) + z1 + z2, family = binomial("probit"), data = ms, control = glm.control(epsilon = 1e-15, maxit = 100))
# glm's Fisher scoring stops short for probit; finish with Newton steps on the observed Hessian.
Xp <- model.matrix(ps); bp <- coef(ps); dd <- ms$d
for (it in 1:20) {
  e <- drop(Xp %*% bp); q <- 2 * dd - 1
  lam <- q * dnorm(q * e) / pnorm(q * e)
  step <- solve(crossprod(Xp * (lam * (lam + e)), Xp), crossprod(Xp, lam))
  bp <- bp + drop(step)
  if (max(abs(step)) < 1e-15) break
}
idx <- drop(Xp %*% bp)
ms$P <- pnorm(idx); ms$K <- dnorm(idx)
liv <- lm(y ~ x1 + factor(g) + P + P:x1 + K, data = ms)
b <- coef(liv)
xb <- model.matrix(~ x1 + factor(g), data = ms)
diff <- c(b["P"], b["x1:P"], 0, 0, 0)
ate <- mean(drop(xb %*% diff))
write_case(list(
  case = "glm_mte_interact_controls",
  dataset = "data/glm_mte_factor.csv",
  description = "Parametric normal MTE, local IV: y ~ x1 + i(g) | d ~ z1 + z2 with the propensity interacted with x1 only (mtefe: factor controls are not interacted).",
  r_code = "glm(d ~ x1 + factor(g) + z1 + z2, binomial('probit')); lm(y ~ x1 + factor(g) + P + P:x1 + K); ATE = mean over rows of x_i'(beta1 - beta0), beta1 - beta0 = (coef P, coef x1:P, 0 for the g dummies)",
  conventions = "plain OLS SEs of the LIV regression (first stage ignored), t on n - k df.",
  nobs = nrow(ms),
  coefficients = coef_block(b, vcov(liv), liv$df.residual),
  stats = list(ate = ate, mte_slope = -unname(b["K"]))
))
