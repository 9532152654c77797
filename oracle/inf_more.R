# inf_more.R -- reference values for Conley, clustered random effects, Stata's
# large-sample IV output and fixed-effect models that keep singleton groups.
#   Rscript oracle/inf_more.R
# Writes test/fixtures/data/inf_conley.csv, inf_conley_panel.csv and
# grunfeld_singleton.csv (generated here with a fixed seed) and the inf_* cases.

source(file.path(dirname(sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE))), "inf_lib.R"))

# ---- Conley: synthetic points in the US Midwest -------------------------------
set.seed(20261207)
n <- 240
lat <- round(runif(n, 36, 46), 4); lon <- round(runif(n, -100, -84), 4)
x <- round(sin(lat / 2) + cos(lon / 3) + rnorm(n, sd = 0.5), 6)
y <- round(1 + 0.5 * x + sin(lat) + rnorm(n), 6)
cs <- write_data(data.frame(id = seq_len(n), lat = lat, lon = lon, x = x, y = y), "inf_conley.csv")
m <- lm(y ~ x, data = cs); X <- model.matrix(m); S <- X * resid(m); B <- solve(crossprod(X))
k <- ncol(X); cut <- 250
V <- psd_fix(B %*% meat_conley(S, cs$lat, cs$lon, cut) %*% B * (n - 1) / (n - k))
ref <- "matrix formula (haversine with Earth radius 6376 km as fixest 0.12, uniform kernel, d <= cutoff)"
if (has_fixest) {
  e <- fixest::feols(y ~ x, cs)
  check_equal(fixest::se(e, vcov = fixest::vcov_conley(lat = "lat", lon = "lon", cutoff = cut, distance = "spherical")), sqrt(diag(V)), "fixest conley(250, spherical) = formula", tol = 1e-8)
  ref <- paste(ref, "; equals fixest 0.12.2 vcov_conley(cutoff = 250, distance = 'spherical')")
}
write_case("inf_conley_cross", "240 synthetic points (36-46N, 84-100W), y ~ x, Conley SE with a 250 km cutoff.",
           "inf_conley.csv", list(formula = "y ~ x", vcov = "conley(250, lat = lat, lon = lon)"),
           "V = (n-1)/(n-K) (X'X)^-1 [sum_i sum_j 1(d_ij <= 250 km) s_i s_j'] (X'X)^-1, both profiles (fixest's ssc: adj only); t(n-K).",
           ref, c("sandwich"), coef(m), V, n - k, n)

# Panel: 80 locations x 3 years; pairs only within the same year (fixest 0.12 on panels).
np <- 80
plat <- round(runif(np, 38, 44), 4); plon <- round(runif(np, -96, -88), 4)
pd <- data.frame(loc = rep(seq_len(np), each = 3), year = rep(2001:2003, np),
                 lat = rep(plat, each = 3), lon = rep(plon, each = 3))
pd$x <- round(cos(pd$lat) + rnorm(nrow(pd), sd = 0.7), 6)
pd$y <- round(2 - 0.3 * pd$x + sin(pd$lon) + rnorm(nrow(pd)), 6)
pd <- write_data(pd, "inf_conley_panel.csv")
m <- lm(y ~ x, data = pd); X <- model.matrix(m); S <- X * resid(m); B <- solve(crossprod(X)); N <- nrow(X)
V <- psd_fix(B %*% meat_conley(S, pd$lat, pd$lon, 200, pd$year) %*% B * (N - 1) / (N - k))
write_case("inf_conley_panel", "80 synthetic locations x 3 years, y ~ x, Conley SE with a 200 km cutoff, pairs within a year.",
           "inf_conley_panel.csv", list(formula = "y ~ x", vcov = "conley(200, lat = lat, lon = lon)", panel = "loc x year"),
           "As inf_conley_cross, kernel 1(d_ij <= 200 km and year_i = year_j).",
           "matrix formula (the contract's panel rule)", c("sandwich"), coef(m), V, N - k, N)

# ---- random effects clustered by firm (Stata xtreg, re vce(cluster firm)) -------
g <- read_data("grunfeld.csv")
pg <- pdata.frame(g, index = c("firm", "year"))
re <- plm(inv ~ value + capital, data = pg, model = "random", random.method = "swar")
th <- as.numeric(plm::ercomp(re)$theta)
qd <- function(v) v - th * ave(v, g$firm)
Xs <- cbind("(Intercept)" = 1 - th, value = qd(g$value), capital = qd(g$capital))
ys <- qd(g$inv); bs <- solve(crossprod(Xs), crossprod(Xs, ys))[, 1]
check_equal(bs, coef(re), "quasi-demeaned OLS = plm random")
us <- ys - Xs %*% bs; Bs <- solve(crossprod(Xs)); N <- nrow(Xs); K <- ncol(Xs); G <- 10
V <- Bs %*% meat_cluster(Xs * as.numeric(us), g$firm) %*% Bs * G / (G - 1) * (N - 1) / (N - K)
check_equal(V, vcovHC(re, method = "arellano", type = "sss", cluster = "group"), "formula = plm vcovHC(re, arellano, sss)")
write_case("inf_re_grunfeld_cluster_firm", "plm::Grunfeld, Swamy-Arora random effects of inv on value and capital, clustered by firm.",
           "grunfeld.csv", list(estimator = "re", formula = "inv ~ value + capital", vcov = "cluster(firm)"),
           "Stata xtreg, re vce(cluster firm): sandwich of the quasi-demeaned regressors X* (constant 1 - theta) and residuals u*, times G/(G-1)(N-1)/(N-K), K = slopes + constant; z statistics.",
           "plm::vcovHC(type = 'sss', method = 'arellano', cluster = 'group') on the random model", c("plm", "sandwich"),
           bs, V, Inf, N, stats = list(n_clusters = G))

# ---- Stata's large-sample IV output (ivregress 2sls / ivreg2 without small) -----
c95 <- read_data("cigarettes_sw_1995.csv")
iv <- ivreg(lpacks ~ lrincome + lrprice | lrincome + salestax + cigtax, data = c95)
N <- nobs(iv); K <- length(coef(iv))
V <- vcov(iv) * (N - K) / N
write_case("inf_iv_cigsw1995_large_iid", "CigarettesSW 1995, 2SLS of lpacks on lrincome with lrprice instrumented by salestax and cigtax; large-sample iid.",
           "cigarettes_sw_1995.csv", list(formula = "lpacks ~ lrincome | lrprice ~ salestax + cigtax", vcov = "iid", small = FALSE),
           "ivregress 2sls without small: sigma^2 = SSR/N (no N-K); z statistics.",
           "AER::ivreg vcov rescaled by (N-K)/N (Stata's documented formula)", c("AER"), coef(iv), V, Inf, N)
V <- vcovHC(iv, type = "HC0")
write_case("inf_iv_cigsw1995_large_hc1", "As inf_iv_cigsw1995_large_iid, robust.",
           "cigarettes_sw_1995.csv", list(formula = "lpacks ~ lrincome | lrprice ~ salestax + cigtax", vcov = "hc1", small = FALSE),
           "ivregress 2sls, vce(robust) without small: HC0 sandwich with the projected regressors, no N/(N-K); z statistics.",
           "sandwich::vcovHC(ivreg, type = 'HC0')", c("AER", "sandwich"), coef(iv), V, Inf, N)
cw <- read_data("cigarettes_sw.csv")
ivp <- ivreg(lpacks ~ lrincome + y1995 + lrprice | lrincome + y1995 + salestax + cigtax, data = cw)
V <- vcovCL(ivp, cluster = ~ state, type = "HC0", cadjust = FALSE)
write_case("inf_iv_cigsw_large_cluster_state", "CigarettesSW 1985 and 1995, pooled 2SLS, clustered by state, large-sample.",
           "cigarettes_sw.csv", list(formula = "lpacks ~ lrincome + y1995 | lrprice ~ salestax + cigtax", vcov = "cluster(state)", small = FALSE),
           "ivreg2, cluster(state) without small: CR0, no G/(G-1) and no (N-1)/(N-K); z statistics.",
           "sandwich::vcovCL(type = 'HC0', cadjust = FALSE)", c("AER", "sandwich"), coef(ivp), V, Inf, nobs(ivp),
           stats = list(n_clusters = length(unique(cw$state))))

# ---- fixed effects keeping a singleton group (xtreg, fe; fixest) ----------------
gs <- g[!(g$firm == 10 & g$year > 1935), ]
gs <- write_data(gs, "grunfeld_singleton.csv")
lsdv <- lm(inv ~ value + capital + factor(firm), data = gs)
b <- coef(lsdv)[c("value", "capital")]; N <- nrow(gs); G <- 10; k <- 2
V <- vcov(lsdv)[names(b), names(b)]
write_case("inf_fe_grunfeld_singleton_keep_iid", "plm::Grunfeld with firm 10 reduced to one year (a singleton); firm FE, singleton kept.",
           "grunfeld_singleton.csv", list(formula = "inv ~ value + capital | firm", singletons = "keep"),
           "xtreg, fe (and fixest): the singleton stays; iid V = SSR/(N-k-G) (X~'X~)^-1 with N = 181, G = 10; t(N-k-G).",
           "R lm with firm dummies (LSDV)", character(0), b, V, N - k - G, N)
Xw <- sapply(c("value", "capital"), function(v) gs[[v]] - ave(gs[[v]], gs$firm))
uw <- resid(lsdv); Bw <- solve(crossprod(Xw))
V <- Bw %*% meat_cluster(Xw * uw, gs$firm) %*% Bw * G / (G - 1) * (N - 1) / (N - k - 1)
if (has_fixest) check_equal(fixest::se(fixest::feols(inv ~ value + capital | firm, gs, cluster = ~firm)), sqrt(diag(V)), "fixest feols cluster = formula")
write_case("inf_fe_grunfeld_singleton_keep_cluster", "As inf_fe_grunfeld_singleton_keep_iid, clustered by firm.",
           "grunfeld_singleton.csv", list(formula = "inv ~ value + capital | firm", singletons = "keep", vcov = "cluster(firm)"),
           "xtreg, fe vce(cluster firm) / fixest: G/(G-1)(N-1)/(N-k-1), firm FE nested in the cluster; G = 10 includes the singleton; t(G-1).",
           "matrix formula; equals fixest 0.12.2 feols(cluster = ~firm)", c(if (has_fixest) "fixest"), b, V, G - 1, N,
           stats = list(n_clusters = G))
