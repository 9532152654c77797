# iv_stata_published.R -- published Stata 13 `ivregress` output (2sls, liml, gmm) as fixtures.
#
#   Rscript oracle/iv_stata_published.R        (from the repository root, or any folder)
#
# Source: the test suite of the Python package linearmodels (BSD licence), which keeps the
# log of Stata 13 runs of
#   ivregress {2sls|liml|gmm} rent pcturban (hsngval = faminc i.region), vce(...) [small]
# on the Stata manual's hsng data (test/fixtures/data/hsng.csv), and of
#   ivregress {2sls|liml|gmm} y_* x3 x4 x5 (x1 [x2] = z1 z2) [aweight=weights], vce(...) [small]
# on its simulated data (test/fixtures/data/iv_simulated.dta, 600 rows, 120 clusters).
# The logs are kept verbatim in oracle/published/ (the hsng log whole; the weighted sections
# of the simulated log). This script only parses them: estimates and t statistics as printed
# (%13.12g), se = b / t, p from t (t(N-K) or t(G-1) with `small`, else normal), and the
# printed kappa and J. It writes test/fixtures/expected/iv_stata_{hsng,simulated}.json.
suppressPackageStartupMessages(library(jsonlite))
here <- local({
  a <- commandArgs(trailingOnly = FALSE)
  f <- sub("^--file=", "", a[grep("^--file=", a)])
  dirname(normalizePath(f))
})
PUB <- file.path(here, "published")
EXP <- file.path(here, "..", "test", "fixtures", "expected")

# Sections of an estout log: "########## !name! ##########", then "\t.", "\tb/t", then per
# coefficient "name\tb" and "\tt", then "stat\tvalue" lines up to "********* Variance".
parse_log <- function(file) {
  lines <- readLines(file)
  heads <- grep("^########## !", lines)
  out <- list()
  for (h in seq_along(heads)) {
    name <- sub("^########## !(.*)! ##########$", "\\1", lines[heads[h]])
    end <- if (h < length(heads)) heads[h + 1] - 1 else length(lines)
    body <- lines[(heads[h] + 1):end]
    body <- body[nzchar(trimws(body))]
    stop_at <- grep("^\\*+ Variance", body)[1]
    body <- body[seq_len(stop_at - 1)]
    body <- body[!body %in% c("\t.", "\tb/t")]
    coefs <- list(); stats <- list(); i <- 1
    while (i <= length(body)) {
      f <- strsplit(body[i], "\t", fixed = TRUE)[[1]]
      nxt <- if (i < length(body)) strsplit(body[i + 1], "\t", fixed = TRUE)[[1]] else c("x")
      if (nzchar(f[1]) && length(nxt) == 2 && !nzchar(nxt[1]) && length(coefs) >= 0 && !(f[1] %in% names(stats)) &&
          !(f[1] %in% c("r2", "r2_a", "mss", "rss", "rmse", "kappa", "J", "F", "p", "chi2"))) {
        coefs[[f[1]]] <- c(b = as.numeric(f[2]), t = as.numeric(nxt[2]))
        i <- i + 2
      } else {
        if (length(f) == 2 && nzchar(f[2])) stats[[f[1]]] <- as.numeric(f[2])
        i <- i + 1
      }
    }
    out[[name]] <- list(coefs = coefs, stats = stats)
  }
  out
}

block <- function(sec, df) {
  res <- list()
  for (nm in names(sec$coefs)) {
    b <- sec$coefs[[nm]][["b"]]; t <- sec$coefs[[nm]][["t"]]
    p <- if (is.null(df)) 2 * pnorm(-abs(t)) else 2 * pt(-abs(t), df)
    res[[if (nm == "_cons") "(Intercept)" else nm]] <- list(estimate = b, se = b / t, stat = t, p = p)
  }
  res
}

# hsng: N = 50, K = 3 (hsngval, pcturban, _cons), 9 divisions.
hs <- parse_log(file.path(PUB, "stata13-ivregress-hsng.txt"))
hx <- list(case = "iv_stata_hsng", dataset = "data/hsng.csv", nobs = 50,
  description = "Stata 13 ivregress on the manual's hsng data: rent on pcturban, hsngval instrumented by faminc and i.region; vce(unadjusted | robust | cluster division), with and without small. Log published in the linearmodels test suite (oracle/published/stata13-ivregress-hsng.txt).",
  conventions = "Stata ivregress. small: sigma^2 = SSR/(N-K), robust N/(N-K), cluster G/(G-1)(N-1)/(N-K), t(N-K) or t(G-1); without small none of these and z statistics. LIML robust/cluster: A^-1 (sum of xhat u scores) A^-1, A = X'(I - kappa M_Z)X, xhat = P_Z x. gmm: the same b and J as ivreg2 gmm2s; ivregress's default VCE re-estimates S at the GMM residuals, so only b and J are compared.",
  stats = list())
for (m in c("2sls", "liml", "gmm")) for (v in c("unadjusted", "robust", "cluster")) for (s in c("small", "asymptotic")) {
  sec <- hs[[paste(m, v, s, sep = "-")]]
  df <- if (s == "asymptotic") NULL else if (v == "cluster") 8 else 47
  hx[[paste(m, v, s, sep = "_")]] <- block(sec, df)
  if (!is.null(sec$stats$kappa)) hx$stats[[paste("kappa", m, sep = "_")]] <- sec$stats$kappa
  if (!is.null(sec$stats$J)) hx$stats[[paste("J", m, v, s, sep = "_")]] <- sec$stats$J
}
writeLines(toJSON(hx, auto_unbox = TRUE, digits = NA, pretty = TRUE), file.path(EXP, "iv_stata_hsng.json"))

# Simulated, [aweight=weights]: N = 600, K = 5 (6 with x2), 120 clusters.
sm <- parse_log(file.path(PUB, "stata13-ivregress-simulated-weighted.txt"))
sx <- list(case = "iv_stata_simulated_aweight", dataset = "data/iv_simulated.dta", nobs = 600,
  description = "Stata 13 ivregress {2sls, liml, gmm} y_* x3 x4 x5 (x1 = z1 z2) [aweight=weights] on linearmodels' simulated data (y_unadjusted with vce(unadjusted), y_robust with vce(robust), y_clustered with vce(cluster cluster_id)); LIML with two endogenous regressors (x1 x2 = z1 z2, exactly identified, kappa = 1). Log sections kept in oracle/published/stata13-ivregress-simulated-weighted.txt.",
  conventions = "as iv_stata_hsng; analytic weights normalised to mean 1 (Stata aw).",
  stats = list())
key <- function(v) c("vce(unadjusted)" = "unadjusted", "vce(robust)" = "robust", "vce(cluster cluster_id)" = "cluster",
                     "wmatrix(robust)" = "robust", "wmatrix(cluster cluster_id)" = "cluster")[[v]]
for (nm in names(sm)) {
  parts <- regmatches(nm, regexec("^(2sls|liml|gmm)-num_endog_(\\d)-.*-weighted_True-(.*)-(small|)$", nm))[[1]]
  m <- parts[2]; k_endog <- as.integer(parts[3]); v <- key(parts[4]); s <- if (parts[5] == "small") "small" else "asymptotic"
  K <- 4 + k_endog
  df <- if (s == "asymptotic") NULL else if (v == "cluster") 119 else 600 - K
  label <- paste(m, paste0("e", k_endog), v, s, sep = "_")
  sx[[label]] <- block(sm[[nm]], df)
  if (!is.null(sm[[nm]]$stats$kappa)) sx$stats[[paste("kappa", label, sep = "_")]] <- sm[[nm]]$stats$kappa
  if (!is.null(sm[[nm]]$stats$J)) sx$stats[[paste("J", label, sep = "_")]] <- sm[[nm]]$stats$J
}
writeLines(toJSON(sx, auto_unbox = TRUE, digits = NA, pretty = TRUE), file.path(EXP, "iv_stata_simulated_aweight.json"))
cat("wrote iv_stata_hsng, iv_stata_simulated_aweight\n")
