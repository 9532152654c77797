# inf_vcov.R -- reference values for the vcov menu on linear models.
#   Rscript oracle/inf_vcov.R      (from anywhere; paths follow this file)
#
# Model: Munnell's production function on plm::Produc (48 states x 17 years):
#   lgsp ~ lpcap + lpc + lemp + unemp, pooled and with state fixed effects.
# Each variance is built from its matrix formula (inf_lib.R) and cross-checked
# against a package where one exists (sandwich, plm; fixest when installed).

source(file.path(dirname(sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE))), "inf_lib.R"))

d <- read_data("produc.csv")
f <- lgsp ~ lpcap + lpc + lemp + unemp
m <- lm(f, data = d)
X <- model.matrix(m); u <- resid(m); b <- coef(m)
n <- nrow(X); k <- ncol(X)
B <- solve(crossprod(X))
S <- X * u
sw <- function(M) B %*% M %*% B
desc0 <- "plm::Produc (48 US states x 1970-1986, N = 816): lgsp ~ lpcap + lpc + lemp + unemp."
pk <- c("sandwich", "plm")

# ---- HC2 / HC3 (Stata regress, vce(hc2) / vce(hc3); no further factor) ------
h <- hatvalues(m)
for (type in c("HC2", "HC3")) {
  p <- if (type == "HC2") 1 else 2
  V <- sw(crossprod(S / (1 - h)^(p / 2)))
  check_equal(V, vcovHC(m, type = type), paste("hand", type, "= sandwich::vcovHC"))
  write_case(paste0("inf_ols_produc_", tolower(type)), paste(desc0, type, "standard errors."),
             "produc.csv", list(formula = "lgsp ~ lpcap + lpc + lemp + unemp", vcov = tolower(type)),
             paste0(type, ": V = (X'X)^-1 sum_i u_i^2/(1-h_i)^", p, " x_i x_i' (X'X)^-1, h_i = leverage; t(n-K). Both profiles."),
             "sandwich::vcovHC (= Stata regress, vce(hc2|hc3))", pk, b, V, n - k, n,
             r_code = sprintf('vcovHC(lm(f, d), type = "%s")', type))
}

# ---- three-way cluster state, year, region (CGM; one factor with min G) -------
ways <- list(d$state, d$year, d$region)
G <- sapply(ways, function(g) length(unique(g)))
M0 <- meat_multiway(S, ways)
check_equal(sw(M0), vcovCL(m, cluster = ~ state + year + region, type = "HC0", cadjust = FALSE, multi0 = FALSE),
            "three-way CR0 = sandwich::vcovCL(type HC0, cadjust = FALSE)")
Gm <- min(G)
V <- psd_fix(sw(M0) * Gm / (Gm - 1) * (n - 1) / (n - k))
write_case("inf_ols_produc_cluster3", paste(desc0, "Three-way clustered by state, year and region."),
           "produc.csv", list(vcov = "cluster(state, year, region)"),
           "V = Gmin/(Gmin-1) (n-1)/(n-K) sum over non-empty subsets S of (-1)^(|S|+1) CR0(intersection of S); Gmin = 9 (region); t(Gmin-1). reghdfe and fixest (cluster.df = 'min') both use min G.",
           "matrix formula; CR0 terms checked against sandwich::vcovCL(type = 'HC0', cadjust = FALSE, multi0 = FALSE)",
           pk, b, V, Gm - 1, n, stats = list(n_clusters = Gm))

# ---- cluster(region^year): one cluster per combination ------------------------
g <- paste(d$region, d$year)
Gi <- length(unique(g))
V <- sw(meat_cluster(S, g)) * Gi / (Gi - 1) * (n - 1) / (n - k)
check_equal(V, vcovCL(m, cluster = g, type = "HC1"), "region^year CR1 = sandwich::vcovCL HC1")
write_case("inf_ols_produc_cluster_region_year", paste(desc0, "Clustered by region x year (153 clusters)."),
           "produc.csv", list(vcov = "cluster(region^year)"),
           "CR1 with one cluster per (region, year) combination: G/(G-1)(n-1)/(n-K); t(G-1).",
           "sandwich::vcovCL(type = 'HC1')", pk, b, V, Gi - 1, n, stats = list(n_clusters = Gi))

# ---- Newey-West L = 2 on the panel (within state, by year) ---------------------
period <- d$year - min(d$year); TT <- length(unique(d$year))
Mnw <- meat_nw_panel(S, d$state, period, 2)
# plm's vcovNW on the pooling model is the same Bartlett-weighted within-unit sum (no factor).
pm <- plm(f, data = pdata.frame(d, index = c("state", "year")), model = "pooling")
check_equal(sw(Mnw), vcovNW(pm, maxlag = 2, type = "HC0"), "panel NW meat = plm::vcovNW(maxlag = 2, HC0)")
V <- sw(Mnw) * n / (n - k)
write_case("inf_ols_produc_nw2_stata", paste(desc0, "Newey-West, 2 lags, within state."),
           "produc.csv", list(vcov = "nw(2)", conventions = "stata"),
           "Stata newey, lag(2) on xtset data: Omega = sum_l w_l (Gamma_l + Gamma_l'), w_l = 1 - l/(L+1), pairs within a panel unit l years apart; V = n/(n-K) (X'X)^-1 Omega (X'X)^-1; t(n-K).",
           "matrix formula (Stata newey's documented formula); meat checked against plm::vcovNW(maxlag = 2, type = 'HC0')",
           pk, b, V, n - k, n)
V <- sw(Mnw) * TT / (TT - 1) * (n - 1) / (n - k)
write_case("inf_ols_produc_nw2_fixest", paste(desc0, "Newey-West, 2 lags, within state (fixest)."),
           "produc.csv", list(vcov = "nw(2)", conventions = "fixest"),
           "fixest 0.12 NW(2) with panel.id = ~state + year: same meat; V x T/(T-1) (cluster.adj) x (n-1)/(n-K); t(T-1).",
           "matrix formula following fixest 0.12's vcov_newey_west_internal", pk, b, V, TT - 1, n)

# ---- Driscoll-Kraay L = 2 ------------------------------------------------------
Mdk <- meat_dk(S, period, 2)
check_equal(sw(Mdk), vcovSCC(pm, maxlag = 2, type = "HC0"), "DK meat = plm::vcovSCC(maxlag = 2, HC0)")
V <- sw(Mdk) * TT / (TT - 1) * (n - 1) / (n - k)
write_case("inf_ols_produc_dk2", paste(desc0, "Driscoll-Kraay, 2 lags."),
           "produc.csv", list(vcov = "dk(2)"),
           "Driscoll-Kraay: Newey-West (Bartlett, L = 2) on the period sums of the scores; V x T/(T-1) x (n-1)/(n-K); t(T-1) (fixest 0.12 DK; used under both profiles).",
           "matrix formula; meat checked against plm::vcovSCC(maxlag = 2, type = 'HC0')", pk, b, V, TT - 1, n)

# ---- state fixed effects: two-way cluster, NW and DK on the within regression ----
Xw <- sapply(c("lpcap", "lpc", "lemp", "unemp"), function(v) d[[v]] - ave(d[[v]], d$state))
yw <- d$lgsp - ave(d$lgsp, d$state)
bw <- solve(crossprod(Xw), crossprod(Xw, yw))[, 1]
uw <- yw - Xw %*% bw; Sw <- Xw * as.numeric(uw); Bw <- solve(crossprod(Xw))
fe <- plm(f, data = pdata.frame(d, index = c("state", "year")), model = "within")
check_equal(bw, coef(fe), "within slopes = plm within")
kw <- length(bw); A <- 48
# two-way cluster state, year: state FE nested in state -> K_adj = slopes + 1; Gmin = 17
Mw <- meat_multiway(Sw, list(d$state, d$year)); Gm <- 17
V <- psd_fix(Bw %*% Mw %*% Bw * Gm / (Gm - 1) * (n - 1) / (n - (kw + 1)))
write_case("inf_fe_produc_cluster_state_year", paste(desc0, "State FE; clustered by state and year."),
           "produc.csv", list(formula = "lgsp ~ lpcap + lpc + lemp + unemp | state", vcov = "cluster(state, year)"),
           "Within estimator; two-way CGM with one factor Gmin/(Gmin-1)(n-1)/(n-K_adj), K_adj = slopes + 1 (state FE nested in the state cluster; reghdfe, fixest fixef.K = 'nested'); t(Gmin-1) = t(16).",
           "matrix formula; within slopes checked against plm", pk, bw, V, Gm - 1, n, stats = list(n_clusters = Gm))
V <- Bw %*% meat_dk(Sw, period, 2) %*% Bw * TT / (TT - 1) * (n - 1) / (n - kw - A)
write_case("inf_fe_produc_dk2", paste(desc0, "State FE; Driscoll-Kraay, 2 lags."),
           "produc.csv", list(formula = "lgsp ~ lpcap + lpc + lemp + unemp | state", vcov = "dk(2)"),
           "Within estimator; DK meat of the within scores; V x T/(T-1)(n-1)/(n-K-A), A = 48 absorbed levels; t(T-1).",
           "matrix formula (fixest 0.12 DK rule)", pk, bw, V, TT - 1, n)
V <- Bw %*% meat_nw_panel(Sw, d$state, period, 2) %*% Bw * n / (n - kw - A)
write_case("inf_fe_produc_nw2_stata", paste(desc0, "State FE; Newey-West 2 lags (Stata profile)."),
           "produc.csv", list(formula = "lgsp ~ lpcap + lpc + lemp + unemp | state", vcov = "nw(2)"),
           "Within estimator; panel NW meat of the within scores; V x n/(n-K-A); t(n-K-A).",
           "matrix formula", pk, bw, V, n - kw - A, n)

if (has_fixest) {
  library(fixest)
  pk2 <- c(pk, "fixest")
  est <- feols(f, d, panel.id = ~ state + year)
  check_equal(se(est, vcov = NW(2)), sqrt(diag(sw(Mnw) * TT / (TT - 1) * (n - 1) / (n - k))), "fixest NW(2) = formula")
  check_equal(se(est, vcov = DK(2)), sqrt(diag(sw(Mdk) * TT / (TT - 1) * (n - 1) / (n - k))), "fixest DK(2) = formula")
  check_equal(se(est, vcov = "hetero"), sqrt(diag(vcovHC(m, type = "HC1"))), "fixest hetero = HC1 n/(n-K)")
  check_equal(se(est, vcov = ~ state + year + region), sqrt(diag(psd_fix(sw(M0) * 9 / 8 * (n - 1) / (n - k)))), "fixest three-way = formula")
} else cat("fixest not installed: fixest cross-checks skipped\n")
