# inf_lib.R -- helpers shared by the inf_* oracle scripts (the inference menu:
# HC2/HC3, multiway and a^b clusters, Newey-West, Driscoll-Kraay, Conley, random
# effects clustered, large-sample IV, singletons kept, weights).
#
# Sourced by oracle/inf_*.R; not run on its own. Paths are derived from the running
# script's location: data are read from (and generated data written to)
# test/fixtures/data, results go to test/fixtures/expected/<case>.json.
#
# Every case records R's version and the versions of the packages it used; where a
# convention exists in Stata only, the case is computed from the matrix formula and
# its "reference" field says so.

suppressPackageStartupMessages({
  library(sandwich)
  library(plm)
  library(AER)
  library(jsonlite)
})
options(warn = 1, stringsAsFactors = FALSE)

.script_dir <- function() {
  f <- sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE))
  if (length(f) != 1) stop("run with Rscript oracle/<script>.R")
  dirname(normalizePath(f))
}
ROOT <- normalizePath(file.path(.script_dir(), ".."))
DATA_DIR <- file.path(ROOT, "test", "fixtures", "data")
EXP_DIR <- file.path(ROOT, "test", "fixtures", "expected")

has_fixest <- suppressWarnings(requireNamespace("fixest", quietly = TRUE))

versions <- function(pkgs) {
  out <- list(R = paste(R.version$major, R.version$minor, sep = "."))
  for (p in pkgs) out[[p]] <- as.character(packageVersion(p))
  out
}

read_data <- function(file) read.csv(file.path(DATA_DIR, file), stringsAsFactors = FALSE)

# Shortest of %.15g / %.17g that parses back to the same double.
fmt_num <- function(x) {
  out <- sprintf("%.15g", x)
  bad <- !is.na(x) & (suppressWarnings(as.numeric(out)) != x)
  out[bad] <- sprintf("%.17g", x[bad])
  out[is.na(x)] <- ""
  out
}

# Writes a numeric/character data frame as CSV and checks the round trip is exact.
write_data <- function(df, file) {
  cols <- lapply(df, function(c) if (is.numeric(c)) fmt_num(c) else as.character(c))
  lines <- do.call(paste, c(cols, sep = ","))
  path <- file.path(DATA_DIR, file)
  writeLines(c(paste(names(df), collapse = ","), lines), path)
  back <- read.csv(path, stringsAsFactors = FALSE)
  for (v in names(df)) if (is.numeric(df[[v]]) && any(back[[v]] != df[[v]])) stop("round trip failed: ", v)
  invisible(back)
}

# {term: {estimate, se, t|z, p}}; df = Inf gives z statistics (normal p).
coef_block <- function(b, V, df) {
  se <- sqrt(diag(V))
  stat <- b / se
  p <- if (is.finite(df)) 2 * pt(-abs(stat), df) else 2 * pnorm(-abs(stat))
  key <- if (is.finite(df)) "t" else "z"
  out <- lapply(seq_along(b), function(i) {
    r <- list(estimate = unname(b[i]), se = unname(se[i]))
    r[[key]] <- unname(stat[i]); r$p <- unname(p[i]); r
  })
  names(out) <- names(b)
  out
}

write_case <- function(case, description, dataset, spec, conventions, reference, pkgs,
                       b, V, df, nobs, stats = list(), r_code = "") {
  x <- list(case = case, description = description, dataset = dataset, spec = spec,
            conventions = conventions, reference = reference, r_code = r_code,
            versions = versions(pkgs), nobs = nobs,
            coefficients = coef_block(b, V, df),
            stats = c(stats, list(df_t = if (is.finite(df)) df else NULL)))
  txt <- toJSON(x, auto_unbox = TRUE, digits = NA, pretty = TRUE, null = "null")
  writeLines(txt, file.path(EXP_DIR, paste0(case, ".json")))
  cat("wrote", case, "\n")
}

check_equal <- function(a, b, what, tol = 1e-10) {
  r <- all.equal(unname(as.numeric(a)), unname(as.numeric(b)), tolerance = tol)
  if (!isTRUE(r)) stop("check failed: ", what, ": ", paste(r, collapse = "; "))
  cat("  check ok:", what, "\n")
}

# ---- meats (scores S = X * u, one row per observation) ----------------------

meat_cluster <- function(S, g) crossprod(rowsum(S, as.character(g), reorder = FALSE))

# Inclusion-exclusion over all non-empty subsets of the cluster ways.
meat_multiway <- function(S, ways) {
  W <- length(ways); M <- 0
  for (r in 1:W) for (set in combn(W, r, simplify = FALSE)) {
    g <- do.call(paste, c(ways[set], sep = "\r"))
    M <- M + (-1)^(r + 1) * meat_cluster(S, g)
  }
  M
}

# Bartlett-weighted panel Newey-West: pairs within a unit, l = period difference <= L.
meat_nw_panel <- function(S, unit, period, L) {
  M <- crossprod(S)
  for (l in seq_len(L)) {
    w <- 1 - l / (L + 1)
    key <- paste(unit, period)
    lagkey <- paste(unit, period - l)
    j <- match(lagkey, key)
    ok <- !is.na(j)
    G <- crossprod(S[ok, , drop = FALSE], S[j[ok], , drop = FALSE])
    M <- M + w * (G + t(G))
  }
  M
}

# Driscoll-Kraay: Newey-West on the period sums.
meat_dk <- function(S, period, L) {
  St <- rowsum(S, period)              # sorted by period
  pt <- as.numeric(rownames(St))
  M <- crossprod(St)
  for (l in seq_len(L)) {
    w <- 1 - l / (L + 1)
    j <- match(pt - l, pt); ok <- !is.na(j)
    G <- crossprod(St[ok, , drop = FALSE], St[j[ok], , drop = FALSE])
    M <- M + w * (G + t(G))
  }
  M
}

haversine_km <- function(lat1, lon1, lat2, lon2) {
  r <- pi / 180
  a <- sin((lat2 - lat1) * r / 2)^2 + cos(lat1 * r) * cos(lat2 * r) * sin((lon2 - lon1) * r / 2)^2
  12752 * asin(pmin(1, sqrt(a)))  # fixest 0.12 C++ dist_km: diameter 12752 km
}

# Uniform kernel, pairs with d <= cutoff (and the same period when given).
meat_conley <- function(S, lat, lon, cutoff, period = NULL) {
  n <- nrow(S)
  D <- outer(seq_len(n), seq_len(n), function(i, j) haversine_km(lat[i], lon[i], lat[j], lon[j]))
  K <- (D <= cutoff) * 1
  if (!is.null(period)) K <- K * outer(period, period, "==")
  t(S) %*% K %*% S
}

psd_fix <- function(V) {
  e <- eigen(V, symmetric = TRUE)
  if (all(e$values >= 0)) return(V)
  e$vectors %*% diag(pmax(e$values, 0)) %*% t(e$vectors)
}
