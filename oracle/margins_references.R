# margins_references.R -- reference values for marginal effects (Stata `margins, dydx() [atmeans]`)
# after probit, logit, cloglog, poisson and OLS, with delta-method standard errors.
#
#   Rscript oracle/margins_references.R        (from the repository root, or any folder)
#
# Writes test/fixtures/expected/margins_*.json. Needs R >= 4.2 with sandwich, fixest and jsonlite.
#
# Everything is computed by hand, with analytic derivatives:
#   continuous x:   AME = mean_w g'(eta) * (D b),  D = dX/dx column by column (x, x^2, x*z ...)
#                   d AME / d b = mean_w [ g''(eta) (D b) X + g'(eta) D ]
#   factor level l: AME = mean_w [ g(eta[f = l]) - g(eta[f = base]) ],  X[f = l] from model.matrix
#   at means:       the same at one point: each variable at its (weighted) mean, each factor
#                   indicator at its share, the columns built from those (Stata's atmeans).
# and checked twice before they are written: the estimates against finite differences of the
# prediction in the data (what R's marginaleffects does), the Jacobian against central
# differences in b (what oracle/glm_references.R does). The older references
# glm_margins_{logit,probit}_mroz.json, glm_margins_poisson_fatalities.json and
# glm_margins_ols_interactions_fatalities.json are compared with these (estimates and SEs).

suppressPackageStartupMessages({
  library(sandwich)
  library(fixest)
  library(jsonlite)
})
options(warn = 1, stringsAsFactors = FALSE)

source(file.path(dirname(sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE))), "inf_lib.R"))  # paths, fmt_num, write_data
DATA <- DATA_DIR
EXP <- EXP_DIR
versions <- list(R = paste(R.version$major, R.version$minor, sep = "."),
                 sandwich = as.character(packageVersion("sandwich")),
                 fixest = as.character(packageVersion("fixest")))

write_case <- function(x) {
  x$versions <- versions
  writeLines(toJSON(x, auto_unbox = TRUE, digits = NA, pretty = TRUE, null = "null"),
             file.path(EXP, paste0(x$case, ".json")))
  cat("wrote", x$case, "\n")
}
block <- function(est, VM, df = NULL) {
  se <- sqrt(diag(VM)); st <- est / se
  p <- if (is.null(df)) 2 * pnorm(-abs(st)) else 2 * pt(-abs(st), df)
  out <- list()
  for (i in seq_along(est)) out[[names(est)[i]]] <- list(estimate = unname(est[i]), se = unname(se[i]), stat = unname(st[i]), p = unname(p[i]))
  out
}
stopifnot_close <- function(a, b, tol, what) {
  r <- max(abs(a - b) / pmax(abs(b), 1e-12))
  if (!is.finite(r) || r > tol) stop(sprintf("%s: relative difference %.3g > %.3g", what, r, tol))
  cat(sprintf("  check %-55s max rel diff %.2e\n", what, r))
}

# g, g', g'' of each prediction
links <- list(
  logit = list(g = plogis, g1 = function(e) { m <- plogis(e); m * (1 - m) }, g2 = function(e) { m <- plogis(e); m * (1 - m) * (1 - 2 * m) }),
  probit = list(g = pnorm, g1 = dnorm, g2 = function(e) -e * dnorm(e)),
  cloglog = list(g = function(e) -expm1(-exp(e)), g1 = function(e) exp(e - exp(e)), g2 = function(e) exp(e - exp(e)) * (1 - exp(e))),
  count = list(g = exp, g1 = exp, g2 = exp),
  linear = list(g = identity, g1 = function(e) rep(1, length(e)), g2 = function(e) rep(0, length(e)))
)
wmean <- function(v, w) sum(w * v) / sum(w)
wcolmeans <- function(M, w) colSums(M * w) / sum(w)

# One continuous effect: X, D (n x k) at the points, eta, weights.
cont_effect <- function(L, b, X, D, w, off = 0) {
  eta <- drop(X %*% b) + off; s <- drop(D %*% b)
  list(est = wmean(L$g1(eta) * s, w), jac = wcolmeans(L$g2(eta) * s * X + L$g1(eta) * D, w))
}
disc_effect <- function(L, b, XA, XB, w, off = 0) {
  eA <- drop(XA %*% b) + off; eB <- drop(XB %*% b) + off
  list(est = wmean(L$g(eA) - L$g(eB), w), jac = wcolmeans(L$g1(eA) * XA - L$g1(eB) * XB, w))
}
num_jac <- function(f, b, h = 1e-6) {
  J <- NULL
  for (j in seq_along(b)) {
    e <- rep(0, length(b)); e[j] <- h * max(1, abs(b[j]))
    J <- cbind(J, (f(b + e) - f(b - e)) / (2 * e[j]))
  }
  J
}

# margins of a model given: a function building the model matrix from a data frame (same column
# order as b), the derivative matrices of continuous variables, factor counterfactuals.
#   mm(df)                    model matrix
#   deriv[[v]](df)            dX/dv
#   factors[[f]] = list(base =, levels =) ; the column df[[f]] is set to each level
#   at_means(df, w)           a one-row data frame with variables at their means (numeric)
#   mm_means(df, w)           the means row of the model matrix (factor indicators at shares)
margins_all <- function(L, b, V, df, mm, deriv, factors, w, off = 0, means = NULL) {
  X <- mm(df)
  rows <- list()
  add <- function(name, eff) rows[[name]] <<- eff
  for (v in names(deriv)) add(v, cont_effect(L, b, X, deriv[[v]](df), w, off))
  for (f in names(factors)) {
    fb <- df; fb[[f]] <- factors[[f]]$base
    for (l in factors[[f]]$levels) {
      fa <- df; fa[[f]] <- l
      add(paste0(f, "::", l), disc_effect(L, b, mm(fa), mm(fb), w, off))
    }
  }
  est <- sapply(rows, `[[`, "est"); J <- t(sapply(rows, `[[`, "jac"))
  list(est = est, J = J, VM = J %*% V %*% t(J))
}

# ---------------------------------------------------------------------------------------
# 1. Mroz: logit, probit, cloglog on continuous regressors (expersq its own variable), oim.
# ---------------------------------------------------------------------------------------
mroz <- read.csv(file.path(DATA, "nl_mroz.csv"))
xs <- c("nwifeinc", "educ", "exper", "expersq", "age", "kidslt6", "kidsge6")
y <- mroz$inlf
# observed information of each link: -d2l/deta2 per row
obs_w <- function(link, y, eta) {
  if (link == "logit") { p <- plogis(eta); return(p * (1 - p)) }
  if (link == "probit") { q <- 2 * y - 1; lam <- q * dnorm(q * eta) / pnorm(q * eta); return(lam * (lam + eta)) }
  ee <- exp(eta); Fv <- -expm1(-ee); f <- exp(eta - ee)
  ifelse(y == 0, ee, -(f * (1 - ee) * Fv - f^2) / Fv^2)
}
score_u <- function(link, y, eta) {
  L <- links[[link]]; Fv <- L$g(eta); f <- L$g1(eta)
  y * f / Fv - (1 - y) * f / (1 - Fv)
}
bin_fit <- function(link, fml, data) {
  m <- glm(fml, family = binomial(link), data = data, control = glm.control(epsilon = 1e-15, maxit = 200))
  X <- model.matrix(m); b <- coef(m); yy <- model.response(model.frame(m))
  # glm stops on the deviance's relative change; Newton steps on the score finish the job.
  for (it in 1:5) {
    eta <- drop(X %*% b)
    b <- b + drop(solve(crossprod(X * obs_w(link, yy, eta), X), colSums(X * score_u(link, yy, eta))))
  }
  eta <- drop(X %*% b)
  bread <- solve(crossprod(X * obs_w(link, yy, eta), X))
  S <- X * score_u(link, yy, eta)
  list(m = m, X = X, b = b, eta = eta, oim = bread, S = S, bread = bread, n = nrow(X))
}
robust_v <- function(f) f$bread %*% crossprod(f$S) %*% f$bread * f$n / (f$n - 1)
cluster_v <- function(f, g) {
  Sg <- rowsum(f$S, g); G <- nrow(Sg)
  f$bread %*% crossprod(Sg) %*% f$bread * G / (G - 1)
}

fml1 <- inlf ~ nwifeinc + educ + exper + expersq + age + kidslt6 + kidsge6
for (link in c("logit", "probit", "cloglog")) {
  f <- bin_fit(link, fml1, mroz); L <- links[[link]]
  mm <- function(d) cbind(1, as.matrix(d[, xs]))
  deriv <- setNames(lapply(xs, function(v) function(d) { D <- matrix(0, nrow(d), length(xs) + 1); D[, 1 + match(v, xs)] <- 1; D }), xs)
  w <- rep(1, nrow(mroz))
  avg <- margins_all(L, f$b, f$oim, mroz, mm, deriv, list(), w)
  xbar <- as.data.frame(t(colMeans(mroz[, xs])))
  mea <- margins_all(L, f$b, f$oim, xbar, mm, deriv, list(), 1)
  # checks: finite differences of the prediction in the data, and of the effects in b
  fd <- sapply(xs, function(v) { h <- 1e-5 * max(1, mean(abs(mroz[[v]]))); a <- mroz; a[[v]] <- a[[v]] + h; z <- mroz; z[[v]] <- z[[v]] - h; mean((L$g(mm(a) %*% f$b) - L$g(mm(z) %*% f$b)) / (2 * h)) })
  stopifnot_close(avg$est, fd, 1e-6, paste(link, "AME vs finite differences in x"))
  Jn <- num_jac(function(bb) margins_all(L, bb, f$oim, mroz, mm, deriv, list(), w)$est, f$b)
  stopifnot_close(avg$J, Jn, 1e-6, paste(link, "Jacobian vs central differences in b"))
  if (link != "cloglog") {
    old <- fromJSON(file.path(EXP, paste0("glm_margins_", link, "_mroz.json")))
    # The older file's glm stopped at a deviance change of 1e-14 (probit: b about 1e-8 short).
    stopifnot_close(avg$est, sapply(xs, function(v) old$margins_average[[v]]$estimate), 1e-7, paste(link, "vs glm_margins estimates (average)"))
    stopifnot_close(sqrt(diag(avg$VM)), sapply(xs, function(v) old$margins_average[[v]]$se), 1e-6, paste(link, "vs glm_margins SEs (average)"))
    stopifnot_close(sqrt(diag(mea$VM)), sapply(xs, function(v) old$margins_means[[v]]$se), 1e-6, paste(link, "vs glm_margins SEs (means)"))
  }
  Vr <- robust_v(f)
  avg_r <- margins_all(L, f$b, Vr, mroz, mm, deriv, list(), w)
  write_case(list(
    case = paste0("margins_", link, "_mroz"),
    dataset = "data/nl_mroz.csv",
    description = paste0(link, " of inlf on ", paste(xs, collapse = ", "), "; dy/dx of every regressor (Stata: margins, dydx(*) [atmeans]); vce oim and robust."),
    conventions = "Stata: oim = inverse observed information; robust = sandwich x n/(n-1); margins delta method, z statistics.",
    nobs = f$n,
    margins_average = block(avg$est, avg$VM),
    margins_means = block(mea$est, mea$VM),
    margins_average_robust = block(avg_r$est, avg_r$VM)
  ))
}

# ---------------------------------------------------------------------------------------
# 2. Mroz with a squared term and a factor: probit robust, logit clustered by age.
#    young = pmin(kidslt6, 2) (kidslt6 = 3 predicts non-participation perfectly).
# ---------------------------------------------------------------------------------------
mroz$young <- pmin(mroz$kidslt6, 2)
fml2 <- inlf ~ nwifeinc + educ + exper + I(exper^2) + age + factor(young) + kidsge6
mm2 <- function(d) { d$young <- factor(d$young, levels = 0:2); model.matrix(~ nwifeinc + educ + exper + I(exper^2) + age + young + kidsge6, d) }
deriv2 <- list(
  nwifeinc = function(d) { D <- matrix(0, nrow(d), 9); D[, 2] <- 1; D },
  educ = function(d) { D <- matrix(0, nrow(d), 9); D[, 3] <- 1; D },
  exper = function(d) { D <- matrix(0, nrow(d), 9); D[, 4] <- 1; D[, 5] <- 2 * d$exper; D },
  age = function(d) { D <- matrix(0, nrow(d), 9); D[, 6] <- 1; D },
  kidsge6 = function(d) { D <- matrix(0, nrow(d), 9); D[, 9] <- 1; D }
)
fac2 <- list(young = list(base = 0, levels = c(1, 2)))
# at means: variables at their means, young's indicators at their shares; a discrete change
# sets young to the level and keeps the rest at the means.
means2 <- function(L, b, V) {
  xb <- colMeans(mroz[, c("nwifeinc", "educ", "exper", "age", "kidsge6")])
  sh <- c(mean(mroz$young == 1), mean(mroz$young == 2))
  row <- function(y1, y2) matrix(c(1, xb["nwifeinc"], xb["educ"], xb["exper"], xb["exper"]^2, xb["age"], y1, y2, xb["kidsge6"]), 1)
  X <- row(sh[1], sh[2]); d1 <- data.frame(exper = xb["exper"])
  rows <- list()
  for (v in names(deriv2)) rows[[v]] <- cont_effect(L, b, X, deriv2[[v]](d1), 1)
  rows[["young::1"]] <- disc_effect(L, b, row(1, 0), row(0, 0), 1)
  rows[["young::2"]] <- disc_effect(L, b, row(0, 1), row(0, 0), 1)
  est <- sapply(rows, `[[`, "est"); J <- t(sapply(rows, `[[`, "jac"))
  list(est = est, J = J, VM = J %*% V %*% t(J))
}
for (link in c("probit", "logit")) {
  f <- bin_fit(link, fml2, mroz); L <- links[[link]]
  stopifnot_close(drop(mm2(mroz) %*% f$b), f$eta, 1e-12, paste(link, "model matrix rebuilt"))
  V <- if (link == "probit") robust_v(f) else cluster_v(f, mroz$age)
  avg <- margins_all(L, f$b, V, mroz, mm2, deriv2, fac2, rep(1, nrow(mroz)))
  fd <- { h <- 1e-5; a <- mroz; a$exper <- a$exper + h; z <- mroz; z$exper <- z$exper - h; mean((L$g(mm2(a) %*% f$b) - L$g(mm2(z) %*% f$b)) / (2 * h)) }
  stopifnot_close(avg$est["exper"], fd, 1e-6, paste(link, "AME of exper (via I(exper^2)) vs finite differences"))
  Jn <- num_jac(function(bb) margins_all(L, bb, V, mroz, mm2, deriv2, fac2, rep(1, nrow(mroz)))$est, f$b)
  stopifnot_close(avg$J, Jn, 1e-6, paste(link, "factor Jacobian vs central differences"))
  mea <- means2(L, f$b, V)
  write_case(list(
    case = paste0("margins_", link, "_factor_mroz"),
    dataset = "data/nl_mroz.csv",
    description = paste0(link, " of inlf on nwifeinc, educ, exper, exper^2, age, i(young), kidsge6 with young = min(kidslt6, 2); dy/dx of exper through both terms, young as discrete changes from 0 (Stata: ", link, " inlf nwifeinc educ c.exper##c.exper age i.young kidsge6; margins, dydx(*) [atmeans])."),
    conventions = if (link == "probit") "vce(robust): sandwich x n/(n-1); z statistics." else "vce(cluster age): sandwich x G/(G-1); z statistics.",
    nobs = f$n,
    margins_average = block(avg$est, avg$VM),
    margins_means = block(mea$est, mea$VM)
  ))
}

# ---------------------------------------------------------------------------------------
# 3. Fatalities: Poisson (robust; and clustered with exposure, a square and year factors).
# ---------------------------------------------------------------------------------------
fat <- read.csv(file.path(DATA, "fatalities.csv"))
pois_fit <- function(fml, data, off = 0) {
  data$off_ <- off + 0 * data$fatal
  m <- glm(fml, family = poisson, data = data, offset = off_, control = glm.control(epsilon = 1e-15, maxit = 200))
  X <- model.matrix(m); b <- coef(m); n <- nrow(X)
  for (it in 1:5) { mu <- exp(drop(X %*% b) + data$off_); b <- b + drop(solve(crossprod(X * mu, X), colSums(X * (data$fatal - mu)))) }
  mu <- exp(drop(X %*% b) + data$off_)
  bread <- solve(crossprod(X * mu, X)); S <- X * (data$fatal - mu)
  list(X = X, b = b, bread = bread, S = S, n = n)
}
pxs <- c("beertax", "unemp", "income")
fp <- pois_fit(fatal ~ beertax + unemp + income, fat)
Vp <- robust_v(fp)
mmp <- function(d) cbind(1, as.matrix(d[, pxs]))
derivp <- setNames(lapply(pxs, function(v) function(d) { D <- matrix(0, nrow(d), 4); D[, 1 + match(v, pxs)] <- 1; D }), pxs)
avgp <- margins_all(links$count, fp$b, Vp, fat, mmp, derivp, list(), rep(1, nrow(fat)))
old <- fromJSON(file.path(EXP, "glm_margins_poisson_fatalities.json"))
stopifnot_close(avgp$est, sapply(pxs, function(v) old$margins_average[[v]]$estimate), 1e-8, "poisson vs glm_margins estimates")
# The older file's Jacobian steps b by 1e-7 absolute; income's coefficient is ~1e-4 on values
# ~1e4, so its central difference carries a truncation error of ~2e-6 relative in the SEs.
stopifnot_close(sqrt(diag(avgp$VM)), sapply(pxs, function(v) old$margins_average[[v]]$se), 1e-5, "poisson vs glm_margins SEs (older numerical Jacobian)")

lpop <- log(fat$pop)
fp2 <- pois_fit(fatal ~ beertax + I(beertax^2) + unemp + factor(year), fat, lpop)
Vp2 <- cluster_v(fp2, fat$state)
mmp2 <- function(d) { d$year <- factor(d$year, levels = 1982:1988); model.matrix(~ beertax + I(beertax^2) + unemp + year, d) }
derivp2 <- list(
  beertax = function(d) { D <- matrix(0, nrow(d), 10); D[, 2] <- 1; D[, 3] <- 2 * d$beertax; D },
  unemp = function(d) { D <- matrix(0, nrow(d), 10); D[, 4] <- 1; D }
)
facp2 <- list(year = list(base = 1982, levels = 1983:1988))
avgp2 <- margins_all(links$count, fp2$b, Vp2, fat, mmp2, derivp2, facp2, rep(1, nrow(fat)), lpop)
fd <- { h <- 1e-6; a <- fat; a$beertax <- a$beertax + h; z <- fat; z$beertax <- z$beertax - h; mean((exp(mmp2(a) %*% fp2$b + lpop) - exp(mmp2(z) %*% fp2$b + lpop)) / (2 * h)) }
stopifnot_close(avgp2$est["beertax"], fd, 1e-6, "poisson exposure AME vs finite differences")
write_case(list(
  case = "margins_poisson_fatalities",
  dataset = "data/fatalities.csv",
  description = "Poisson of fatal: (a) on beertax, unemp, income, vce(robust); (b) on beertax, beertax^2, unemp, i(year) with exposure(pop), vce(cluster state). Average marginal effects of the number of events exp(xb + offset) (Stata's default predict n), year as discrete changes from 1982.",
  conventions = "Stata poisson: robust = sandwich x n/(n-1), cluster = x G/(G-1); margins delta method, z statistics.",
  nobs = fp$n,
  margins_average_robust = block(avgp$est, avgp$VM),
  margins_average_exposure_cluster = block(avgp2$est, avgp2$VM)
))

# ---------------------------------------------------------------------------------------
# 4. Fatalities OLS: interactions (HC1; weighted; clustered with year factors, slopes by year),
#    and with state fixed effects (fixest conventions). Stata's margins after regress reports
#    t statistics with e(df_r) (n - K, or G - 1 when clustered).
# ---------------------------------------------------------------------------------------
mo_mm <- function(d) cbind(1, d$beertax, d$beertax^2, d$unemp, d$beertax * d$unemp)
mo_der <- list(
  beertax = function(d) cbind(0, 1, 2 * d$beertax, 0, d$unemp),
  unemp = function(d) cbind(0, 0, 0, 1, d$beertax)
)
mo <- lm(frate ~ beertax + I(beertax^2) + unemp + beertax:unemp, data = fat)
Vo <- vcovHC(mo, type = "HC1")
avgo <- margins_all(links$linear, coef(mo), Vo, fat, mo_mm, mo_der, list(), rep(1, nrow(fat)))
meanrow <- function(d, w) data.frame(beertax = wmean(d$beertax, w), unemp = wmean(d$unemp, w))
meao <- margins_all(links$linear, coef(mo), Vo, meanrow(fat, rep(1, nrow(fat))), mo_mm, mo_der, list(), 1)
old <- fromJSON(file.path(EXP, "glm_margins_ols_interactions_fatalities.json"))
stopifnot_close(avgo$est, c(old$margins_average$beertax$estimate, old$margins_average$unemp$estimate), 1e-8, "OLS vs glm_margins estimates")
stopifnot_close(sqrt(diag(avgo$VM)), c(old$margins_average$beertax$se, old$margins_average$unemp$se), 1e-6, "OLS vs glm_margins SEs")

w <- fat$pop
mw <- lm(frate ~ beertax + I(beertax^2) + unemp + beertax:unemp, data = fat, weights = w)
Vw <- vcovHC(mw, type = "HC1")
avgw <- margins_all(links$linear, coef(mw), Vw, fat, mo_mm, mo_der, list(), w)
meaw <- margins_all(links$linear, coef(mw), Vw, meanrow(fat, w), mo_mm, mo_der, list(), 1)

# Year factors and year-specific beertax slopes, clustered by state (Stata regress: V x (n-1)/(n-K) x G/(G-1), df = G - 1).
fat$yf <- factor(fat$year)
mc <- lm(frate ~ unemp + I(unemp^2) + yf + yf:beertax, data = fat)
Xc <- model.matrix(mc); n <- nrow(Xc); K <- ncol(Xc); G <- length(unique(fat$state))
Vc <- vcovCL(mc, cluster = ~state, type = "HC1")  # HC1 with cluster: G/(G-1) (n-1)/(n-K)
mmc <- function(d) { d$yf <- factor(d$year, levels = 1982:1988); model.matrix(~ unemp + I(unemp^2) + yf + yf:beertax, d) }
stopifnot_close(drop(mmc(fat) %*% coef(mc)), fitted(mc), 1e-12, "OLS clustered model matrix rebuilt")
derc <- list(
  unemp = function(d) { D <- matrix(0, nrow(d), K); D[, 2] <- 1; D[, 3] <- 2 * d$unemp; D },
  beertax = function(d) { D <- matrix(0, nrow(d), K); D[, 10:16] <- model.matrix(~ 0 + factor(d$year, levels = 1982:1988)); D }
)
facc <- list(year = list(base = 1982, levels = 1983:1988))
avgc <- margins_all(links$linear, coef(mc), Vc, fat, mmc, derc, facc, rep(1, n))
fd <- { h <- 1e-6; a <- fat; a$beertax <- a$beertax + h; z <- fat; z$beertax <- z$beertax - h; mean((mmc(a) %*% coef(mc) - mmc(z) %*% coef(mc)) / (2 * h)) }
stopifnot_close(avgc$est["beertax"], fd, 1e-6, "OLS slopes-by-year AME vs finite differences")

# State fixed effects (absorbed; they cancel from every effect), fixest's clustered vcov.
mf <- feols(frate ~ beertax + I(beertax^2) + unemp + beertax:unemp | state, data = fat, cluster = ~state)
Vf <- vcov(mf)
bf <- coef(mf)
mmf <- function(d) mo_mm(d)[, -1, drop = FALSE]
derf <- lapply(mo_der, function(f) function(d) f(d)[, -1, drop = FALSE])
avgf <- margins_all(links$linear, bf, Vf, fat, mmf, derf, list(), rep(1, nrow(fat)))

write_case(list(
  case = "margins_ols_fatalities",
  dataset = "data/fatalities.csv",
  description = "OLS of frate. (a) beertax + beertax^2 + unemp + beertax:unemp, HC1; (b) the same weighted by pop (analytic weights), HC1; (c) unemp + unemp^2 + i(year) + i(year, beertax), cluster(state); (d) the formula of (a) with state fixed effects absorbed, fixest's cluster(state) vcov. dy/dx of beertax and unemp through every term they enter; year as discrete changes from 1982.",
  conventions = "Stata margins after regress: delta method, t statistics with e(df_r) = n - K (HC1) or G - 1 (cluster); the fixest block (d) uses z statistics (marginaleffects' default).",
  nobs = nrow(fat),
  df_hc1 = mo$df.residual, df_cluster = G - 1,
  margins_average_hc1 = block(avgo$est, avgo$VM, mo$df.residual),
  margins_means_hc1 = block(meao$est, meao$VM, mo$df.residual),
  margins_average_hc1_normal = block(avgo$est, avgo$VM),
  margins_average_weighted = block(avgw$est, avgw$VM, mw$df.residual),
  margins_means_weighted = block(meaw$est, meaw$VM, mw$df.residual),
  margins_average_year_cluster = block(avgc$est, avgc$VM, G - 1),
  margins_average_fe_fixest = block(avgf$est, avgf$VM)
))

# ---------------------------------------------------------------------------------------
# 5. Nonlinear models with absorbed fixed effects (fixest conventions): average marginal
#    effects with each row's estimated effects in the prediction (fixest fitted()), the
#    effects held fixed in the delta method (R's marginaleffects after fixest).
# ---------------------------------------------------------------------------------------
fe_case <- function(m, L, X, D, V) {
  eta <- predict(m, type = "link")
  rows <- list()
  for (v in names(D)) rows[[v]] <- cont_effect(L, coef(m), X, D[[v]], rep(1, nrow(X)), eta - drop(X %*% coef(m)))
  est <- sapply(rows, `[[`, "est"); J <- t(sapply(rows, `[[`, "jac"))
  list(est = est, VM = J %*% V %*% t(J), n = nobs(m))
}
mpf <- fepois(fatal ~ beertax + I(beertax^2) + unemp | state + year, offset = ~log(pop), data = fat,
              vcov = ~state, glm.tol = 1e-12, fixef.tol = 1e-11)
Xpf <- cbind(fat$beertax, fat$beertax^2, fat$unemp)
pf <- fe_case(mpf, links$count, Xpf,
              list(beertax = cbind(1, 2 * fat$beertax, 0), unemp = cbind(0, 0, rep(1, nrow(fat)))), vcov(mpf))
# With the FE, the fitted counts add up to the outcome: the beertax-free check of the shift.
stopifnot_close(sum(fitted(mpf)), sum(fat$fatal), 1e-10, "fepois fitted counts sum to the outcome")
fd <- { h <- 1e-6; e0 <- predict(mpf, type = "link") - drop(Xpf %*% coef(mpf)); f <- function(bt) exp(drop(cbind(bt, bt^2, fat$unemp) %*% coef(mpf)) + e0); mean((f(fat$beertax + h) - f(fat$beertax - h)) / (2 * h)) }
stopifnot_close(pf$est["beertax"], fd, 1e-6, "fepois AME vs finite differences")

bp <- read.csv(file.path(DATA, "glm_binary_panel.csv"))
mlf <- feglm(export ~ x1 + x2 | firm + year, data = bp, family = binomial("logit"), vcov = ~firm, glm.tol = 1e-12, fixef.tol = 1e-11)
used <- if (length(mlf$obs_selection)) unlist(mlf$obs_selection) else seq_len(nrow(bp))
bu <- bp[used, ]
Xl <- cbind(bu$x1, bu$x2)
lf <- fe_case(mlf, links$logit, Xl, list(x1 = cbind(rep(1, nrow(bu)), 0), x2 = cbind(0, rep(1, nrow(bu)))), vcov(mlf))
# Probit with firm and year FE: fixest's Fisher scoring stops ~1e-7 short of the optimum, so
# the optimum and fixest's clustered vcov are rebuilt by hand from glm with dummies (as
# oracle/glm_references.R does for the coefficients).
bs <- bp[!(bp$firm %in% names(which(tapply(bp$export, bp$firm, function(v) all(v == v[1]))))), ]
gd <- glm(export ~ x1 + x2 + factor(firm) + factor(year), family = binomial("probit"), data = bs, control = glm.control(epsilon = 1e-15, maxit = 200))
xb <- c("x1", "x2"); nn <- nobs(gd)
Bf <- vcov(gd); Sg <- rowsum(sandwich::estfun(gd), bs$firm); G <- nrow(Sg); Kn <- 2 + length(unique(bs$year))
Vpc <- (Bf %*% crossprod(Sg) %*% Bf)[xb, xb] * G / (G - 1) * (nn - 1) / (nn - Kn)
etap <- predict(gd, type = "link"); bpr <- coef(gd)[xb]
rowsp <- list(x1 = list(est = mean(dnorm(etap)) * bpr[1]), x2 = list(est = mean(dnorm(etap)) * bpr[2]))
Xp <- cbind(bs$x1, bs$x2)
Jp <- rbind(colMeans(-etap * dnorm(etap) * bpr[1] * Xp) + c(mean(dnorm(etap)), 0),
            colMeans(-etap * dnorm(etap) * bpr[2] * Xp) + c(0, mean(dnorm(etap))))
estp <- c(x1 = rowsp$x1$est[[1]], x2 = rowsp$x2$est[[1]])
Jpn <- num_jac(function(bb) { e <- etap + drop(Xp %*% (bb - bpr)); mean(dnorm(e)) * bb }, bpr)
stopifnot_close(Jp, Jpn, 1e-6, "probit FE Jacobian vs central differences")

write_case(list(
  case = "margins_fe_models",
  dataset = "data/fatalities.csv, data/glm_binary_panel.csv",
  description = "Average marginal effects after (a) fepois(fatal ~ beertax + I(beertax^2) + unemp | state + year, offset = log(pop)), vcov cluster(state); (b) feglm logit(export ~ x1 + x2 | firm + year), vcov cluster(firm); (c) the same probit at the optimum of glm with dummies, fixest's cluster(firm) rules by hand (expected information). The prediction includes each row's estimated fixed effects; the delta method holds them fixed (marginaleffects after fixest).",
  conventions = "fixest 0.12 vcov (small-sample rules of fixest); z statistics.",
  nobs_poisson = pf$n, nobs_logit = lf$n, nobs_probit = nn,
  margins_poisson = block(pf$est, pf$VM),
  margins_logit = block(lf$est, lf$VM),
  margins_probit = block(estp, Jp %*% Vpc %*% t(Jp))
))
