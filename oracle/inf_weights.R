# inf_weights.R -- reference values for observation weights in linear models.
#   Rscript oracle/inf_weights.R
# plm::Produc, lgsp ~ lpcap + lpc + lemp + unemp; analytic/probability weights = emp
# (employment), frequency weights = region (integers 1..9, a count per row).

source(file.path(dirname(sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE))), "inf_lib.R"))

d <- read_data("produc.csv")
f <- lgsp ~ lpcap + lpc + lemp + unemp
desc0 <- "plm::Produc (48 states x 17 years): lgsp ~ lpcap + lpc + lemp + unemp,"
spec0 <- "lgsp ~ lpcap + lpc + lemp + unemp"
m <- lm(f, data = d, weights = emp); n <- nobs(m); k <- length(coef(m))

write_case("inf_w_aw_ols_iid", paste(desc0, "analytic weights emp, iid."), "produc.csv",
           list(formula = spec0, weights = "emp"),
           "Stata regress [aw=emp] / fixest weights = ~emp: WLS; V = sum(w u^2)/(n-K) (X'WX)^-1 (invariant to the scale of w); t(n-K).",
           "R lm(weights = emp)", character(0), coef(m), vcov(m), n - k, n)
V <- vcovCL(m, cluster = ~ state, type = "HC1")
write_case("inf_w_aw_ols_cluster_state", paste(desc0, "analytic weights emp, clustered by state."), "produc.csv",
           list(formula = spec0, weights = "emp", vcov = "cluster(state)"),
           "scores w_i x_i u_i summed by state; G/(G-1)(n-1)/(n-K); t(G-1).",
           "sandwich::vcovCL(lm(weights = emp), type = 'HC1')", c("sandwich"), coef(m), V, 47, n,
           stats = list(n_clusters = 48))
write_case("inf_w_pw_ols", paste(desc0, "probability weights emp (robust by default)."), "produc.csv",
           list(formula = spec0, weights = list(column = "emp", kind = "probability")),
           "Stata regress [pw=emp]: robust without being asked; n/(n-K) sum (w u)^2 xx'; t(n-K).",
           "sandwich::vcovHC(lm(weights = emp), type = 'HC1')", c("sandwich"), coef(m), vcovHC(m, type = "HC1"), n - k, n)
write_case("inf_w_aw_ols_hc2", paste(desc0, "analytic weights emp, HC2."), "produc.csv",
           list(formula = spec0, weights = "emp", vcov = "hc2"),
           "HC2 of the weighted regression (leverages of W^(1/2) X); t(n-K).",
           "sandwich::vcovHC(lm(weights = emp), type = 'HC2')", c("sandwich"), coef(m), vcovHC(m, type = "HC2"), n - k, n)

# frequency weights: each row stands for `region` identical rows
mf <- lm(f, data = d, weights = region); N <- sum(d$region)
Vf <- vcov(mf) * (n - k) / (N - k)
big <- d[rep(seq_len(n), d$region), ]
mb <- lm(f, data = big)
check_equal(Vf, vcov(mb), "fw iid = lm on the expanded data")
write_case("inf_w_fw_ols_iid", paste(desc0, "frequency weights region, iid."), "produc.csv",
           list(formula = spec0, weights = list(column = "region", kind = "frequency")),
           "Stata regress [fw=region]: N = sum(w) = 3986; V = sum(w u^2)/(N-K) (X'WX)^-1; t(N-K); nobs = N.",
           "R lm on the data with each row repeated w times", character(0), coef(mf), Vf, N - k, N)
Vh <- vcovHC(mb, type = "HC1")
write_case("inf_w_fw_ols_hc1", paste(desc0, "frequency weights region, robust."), "produc.csv",
           list(formula = spec0, weights = list(column = "region", kind = "frequency"), vcov = "hc1"),
           "Stata regress [fw=region], vce(robust): HC1 of the expanded data, N/(N-K) sum w u^2 xx'; t(N-K).",
           "sandwich::vcovHC(type = 'HC1') on the expanded data", c("sandwich"), coef(mf), Vh, N - k, N)
Vc <- vcovCL(mb, cluster = ~ state, type = "HC1")
write_case("inf_w_fw_ols_cluster_state", paste(desc0, "frequency weights region, clustered by state."), "produc.csv",
           list(formula = spec0, weights = list(column = "region", kind = "frequency"), vcov = "cluster(state)"),
           "CR1 of the expanded data: G/(G-1)(N-1)/(N-K); t(G-1).",
           "sandwich::vcovCL(type = 'HC1') on the expanded data", c("sandwich"), coef(mf), Vc, 47, N,
           stats = list(n_clusters = 48))

# fixed effects with analytic weights (reghdfe [aw=], fixest weights =)
lsdv <- lm(lgsp ~ lpcap + lpc + lemp + unemp + factor(state), data = d, weights = emp)
sl <- c("lpcap", "lpc", "lemp", "unemp"); b <- coef(lsdv)[sl]; A <- 48; kk <- 4
V <- vcov(lsdv)[sl, sl]
pk <- character(0)
if (has_fixest) {
  fe <- fixest::feols(lgsp ~ lpcap + lpc + lemp + unemp | state, d, weights = ~emp)
  check_equal(coef(fe), b, "fixest weighted FE = LSDV", tol = 1e-10)
  check_equal(fixest::se(fe, vcov = "iid"), sqrt(diag(V)), "fixest weighted FE iid = LSDV")
  pk <- "fixest"
}
write_case("inf_w_aw_fe_iid", paste(desc0, "state FE, analytic weights emp, iid."), "produc.csv",
           list(formula = paste(spec0, "| state"), weights = "emp"),
           "Weighted within estimator; V = sum(w u^2)/(n-k-A) (X~'WX~)^-1, A = 48; t(n-k-A).",
           paste("R lm(weights = emp) with state dummies", if (has_fixest) "; equals fixest 0.12.2 feols(weights = ~emp)"), pk, b, V, n - kk - A, n)
Xw <- sapply(sl, function(v) { x <- d[[v]]; x - ave(x * d$emp, d$state, FUN = sum) / ave(d$emp, d$state, FUN = sum) })
S <- Xw * d$emp * resid(lsdv); B <- solve(crossprod(Xw * sqrt(d$emp)))
V <- B %*% meat_cluster(S, d$state) %*% B * 48 / 47 * (n - 1) / (n - kk - 1)
if (has_fixest) check_equal(fixest::se(fe, vcov = ~state), sqrt(diag(V)), "fixest weighted FE cluster = formula")
write_case("inf_w_aw_fe_cluster_state", paste(desc0, "state FE, analytic weights emp, clustered by state."), "produc.csv",
           list(formula = paste(spec0, "| state"), weights = "emp", vcov = "cluster(state)"),
           "Weighted within scores w x~ u summed by state; G/(G-1)(n-1)/(n-K_adj), K_adj = slopes + 1 (state FE nested); t(G-1).",
           paste("matrix formula", if (has_fixest) "; equals fixest 0.12.2 feols(weights = ~emp, vcov = ~state)"), pk, b, V, 47, n,
           stats = list(n_clusters = 48))
tw <- lm(lgsp ~ lpcap + lpc + lemp + unemp + factor(state) + factor(year), data = d, weights = emp)
b2 <- coef(tw)[sl]
if (has_fixest) check_equal(coef(fixest::feols(lgsp ~ lpcap + lpc + lemp + unemp | state + year, d, weights = ~emp)), b2, "fixest weighted TWFE = LSDV", tol = 1e-9)
write_case("inf_w_aw_twfe_iid", paste(desc0, "state and year FE, analytic weights emp, iid."), "produc.csv",
           list(formula = paste(spec0, "| state + year"), weights = "emp"),
           "Weighted two-way within estimator (alternating weighted projections); V = sum(w u^2)/(n-k-A) (X~'WX~)^-1, A = 48 + 17 - 1; t(n-k-A).",
           "R lm(weights = emp) with state and year dummies", pk, b2, vcov(tw)[sl, sl], n - kk - 64, n)
