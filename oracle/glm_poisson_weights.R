# glm_poisson_weights.R -- reference values for Poisson PML with observation weights and for
# the default variance of Poisson under each convention profile.
#
#   Rscript oracle/glm_poisson_weights.R        (from the repository root, or any folder)
#
# Writes test/fixtures/data/glm_poisson_weights.csv (AER::Fatalities' columns from
# fatalities.csv plus two seeded weight columns) and test/fixtures/expected/glm_poisson_weights.json.
# Needs fixest 0.12.x, sandwich, jsonlite.
#
# Three independent routes: fixest fepois(weights =) for the fixest profile; R's glm with
# state and year dummies and sandwich for the Stata rules (probability and analytic weights);
# and for frequency weights the definition itself -- every row repeated fw times, fitted
# without weights.

suppressPackageStartupMessages({
  library(fixest)
  library(sandwich)
  library(jsonlite)
})
options(warn = 1, stringsAsFactors = FALSE)

source(file.path(dirname(sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE))), "inf_lib.R"))  # paths, fmt_num, write_data
DATA <- DATA_DIR
EXP <- EXP_DIR
versions <- list(R = paste(R.version$major, R.version$minor, sep = "."),
                 fixest = as.character(packageVersion("fixest")),
                 sandwich = as.character(packageVersion("sandwich")))
num <- function(x) { out <- sprintf("%.17g", x); out[is.na(x)] <- ""; out }
coef_block <- function(b, V) {
  se <- sqrt(diag(V)); st <- b / se; p <- 2 * pnorm(-abs(st))
  out <- list()
  for (i in seq_along(b)) out[[names(b)[i]]] <- list(estimate = unname(b[i]), se = unname(se[i]), stat = unname(st[i]), p = unname(p[i]))
  out
}
slopes <- c("beertax", "unemp")

fat <- read.csv(file.path(DATA, "fatalities.csv"))
set.seed(20261208)
d <- data.frame(state = fat$state, year = fat$year, fatal = fat$fatal, beertax = fat$beertax, unemp = fat$unemp,
                w = round(runif(nrow(fat), 0.5, 3), 6), fw = sample(1:4, nrow(fat), replace = TRUE))
cols <- lapply(d, function(v) if (is.numeric(v)) num(v) else as.character(v))
writeLines(c(paste(names(d), collapse = ","), do.call(paste, c(cols, sep = ","))), file.path(DATA, "glm_poisson_weights.csv"))
n <- nrow(d)
G <- length(unique(d$state))
ctl <- glm.control(epsilon = 1e-14, maxit = 100)

# --- 1. fixest profile, analytic weights: fepois(weights = ~w) ------------------------------
mA <- fepois(fatal ~ beertax + unemp | state + year, data = d, weights = ~w, vcov = "iid", glm.tol = 1e-12, fixef.tol = 1e-11)
mA_het <- summary(mA, vcov = "hetero")
mA_cl <- summary(mA, vcov = ~state)
mA_def <- fepois(fatal ~ beertax + unemp | state + year, data = d, weights = ~w, glm.tol = 1e-12, fixef.tol = 1e-11)
stopifnot(attr(vcov(mA_def, attr = TRUE), "type") == "Clustered (state)")

# The same ML by glm with dummies (weights as prior weights): coefficients must agree.
gA <- suppressWarnings(glm(fatal ~ beertax + unemp + factor(state) + factor(year), family = poisson, data = d, weights = w, control = ctl))
stopifnot(max(abs(coef(gA)[slopes] / coef(mA)[slopes] - 1)) < 1e-9)

# --- 2. stata profile, probability weights (ppmlhdfe [pw=]): robust by default --------------
# Stata's robust: HC0 sandwich (scores w_i (y_i - mu_i) x_i) times n/(n-1); cluster: G/(G-1).
V_pw_rob <- vcovHC(gA, type = "HC0")[slopes, slopes] * n / (n - 1)
V_pw_cl <- vcovCL(gA, cluster = ~state, type = "HC0", cadjust = TRUE)[slopes, slopes]
# fixest's HC0 with weights is the same sandwich (cross-check of the score convention).
V_fx_hc0 <- vcov(summary(mA, vcov = "hetero", ssc = ssc(adj = FALSE, cluster.adj = FALSE)))
stopifnot(max(abs(V_fx_hc0 / (V_pw_rob * (n - 1) / n) - 1)) < 1e-6)

# --- 3. stata profile, analytic weights ([aw=], normalised to sum to n): oim ----------------
gAn <- suppressWarnings(glm(fatal ~ beertax + unemp + factor(state) + factor(year), family = poisson, data = d, weights = w * n / sum(w), control = ctl))
V_aw_oim <- vcov(gAn)[slopes, slopes]

# --- 4. stata profile, frequency weights: the rows repeated fw times ------------------------
e <- d[rep(seq_len(n), d$fw), ]
N <- nrow(e)
gF <- glm(fatal ~ beertax + unemp + factor(state) + factor(year), family = poisson, data = e, control = ctl)
V_fw_oim <- vcov(gF)[slopes, slopes]
V_fw_rob <- vcovHC(gF, type = "HC0")[slopes, slopes] * N / (N - 1)
V_fw_cl <- vcovCL(gF, cluster = ~state, type = "HC0", cadjust = TRUE)[slopes, slopes]
mF <- fepois(fatal ~ beertax + unemp | state + year, data = e, glm.tol = 1e-12, fixef.tol = 1e-11)
ll0F <- logLik(fepois(fatal ~ 1 | state + year, data = e, glm.tol = 1e-12, fixef.tol = 1e-11))[1]

# --- 5. default variance without weights ----------------------------------------------------
g0 <- glm(fatal ~ beertax + unemp + factor(state) + factor(year), family = poisson, data = d, control = ctl)
V0_rob <- vcovHC(g0, type = "HC0")[slopes, slopes] * n / (n - 1)
m0_def <- fepois(fatal ~ beertax + unemp | state + year, data = d, glm.tol = 1e-12, fixef.tol = 1e-11)
stopifnot(attr(vcov(m0_def, attr = TRUE), "type") == "Clustered (state)")
gN <- glm(fatal ~ beertax + unemp, family = poisson, data = d, control = ctl)
mN_def <- fepois(fatal ~ beertax + unemp, data = d, glm.tol = 1e-12)
stopifnot(attr(vcov(mN_def, attr = TRUE), "type") == "IID")

# The weighted constant-only model (R's logLik of a poisson glm multiplies each row's term by its prior weight).
llN_w <- logLik(suppressWarnings(glm(fatal ~ 1, family = poisson, data = d, weights = w, control = ctl)))[1]
stopifnot(abs(logLik(mA)[1] - logLik(gA)[1]) < 1e-6)

x <- list(
  case = "glm_poisson_weights",
  dataset = "data/glm_poisson_weights.csv",
  description = "Poisson PML of traffic deaths (fatal) on beertax and unemp with state and year FE (AER::Fatalities) with observation weights: w uniform(0.5, 3), fw integer 1-4 (seeded). Also the default variance of each profile without weights.",
  r_code = "fepois(fatal ~ beertax + unemp | state + year, weights = ~w); glm(... + factor(state) + factor(year), family = poisson, weights = ...) with sandwich::vcovHC / vcovCL; fw: glm on the rows repeated fw times",
  conventions = paste(
    "fixest_aw_*: fixest 0.12.2 fepois(weights = ~w) (raw weights, fixest ssc); fixest_aw_default is fepois's default, clustered by the first FE (state).",
    "stata_pw_*: glm with dummies and prior weights w; robust = HC0 x n/(n-1), cluster = HC0 x G/(G-1) (Stata poisson / ppmlhdfe [pw=]); robust is also the stata profile's default.",
    "stata_aw_oim: weights normalised to sum to n (Stata [aw=]), inverse information.",
    "stata_fw_*: the rows repeated fw times, unweighted: oim, robust x N/(N-1), cluster x G/(G-1); nobs = sum(fw).",
    "default_*: no weights; stata = robust (ppmlhdfe's default vce), fixest = clustered by the first FE (fixest 0.12 with FE), iid without FE."),
  nobs = n,
  nobs_fw = N,
  fixest_aw_iid = coef_block(coef(mA), vcov(mA)),
  fixest_aw_hetero = coef_block(coef(mA_het), vcov(mA_het)),
  fixest_aw_cluster_state = coef_block(coef(mA_cl), vcov(mA_cl)),
  fixest_aw_default = coef_block(coef(mA_def), vcov(mA_def)),
  # fixest 0.12.2's ll_null with weights is not the weighted constant-only log-likelihood (its
  # pseudo R2 here exceeds 1: fixest_ll_null, fixest_pseudo_r2); the reference is glm's.
  stats_fixest_aw = list(loglik = logLik(mA)[1], deviance = deviance(mA), ll_null = llN_w, pseudo_r2 = 1 - logLik(mA)[1] / llN_w,
                         fixest_ll_null = mA$ll_null, fixest_pseudo_r2 = fitstat(mA, "pr2")[[1]]),
  stata_pw_robust = coef_block(coef(gA)[slopes], V_pw_rob),
  stata_pw_cluster_state = coef_block(coef(gA)[slopes], V_pw_cl),
  stata_aw_oim = coef_block(coef(gAn)[slopes], V_aw_oim),
  stata_fw_oim = coef_block(coef(gF)[slopes], V_fw_oim),
  stata_fw_robust = coef_block(coef(gF)[slopes], V_fw_rob),
  stata_fw_cluster_state = coef_block(coef(gF)[slopes], V_fw_cl),
  stats_stata_fw = list(loglik = logLik(mF)[1], loglik_0 = ll0F, pseudo_r2 = 1 - logLik(mF)[1] / ll0F),
  default_stata = coef_block(coef(g0)[slopes], V0_rob),
  default_fixest = coef_block(coef(m0_def), vcov(m0_def)),
  default_fixest_nofe = coef_block(coef(mN_def), vcov(mN_def)),
  default_stata_nofe = coef_block(coef(gN), vcovHC(gN, type = "HC0") * n / (n - 1)),
  n_clusters = G,
  versions = versions
)
writeLines(toJSON(x, auto_unbox = TRUE, digits = NA, pretty = TRUE, null = "null"), file.path(EXP, "glm_poisson_weights.json"))
cat("wrote glm_poisson_weights\n")
