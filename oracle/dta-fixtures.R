# Writes the .dta fixtures of test/data/dta.test.ts and test/cli/formats.test.ts with R haven
# (formats 113–119, little-endian) and the same rows as CSV.
#   Rscript oracle/dta-fixtures.R   (from the repository root)
library(haven)
# (haven 2.5 refuses one-letter names below version 14, hence the longer names.)
out <- "test/fixtures/data/formats"
dir.create(out, showWarnings = FALSE, recursive = TRUE)

set.seed(20261207)
firms <- 40
years <- 2001:2005
d <- expand.grid(year = years, k = seq_len(firms))
d$firm <- sprintf("F%03d", d$k)
d$region <- as.integer(d$k %% 3 + 1)
d$exposure <- round(rnorm(nrow(d)), 6)
d$outcome <- round(1 + 0.5 * d$exposure + 0.3 * (d$region == 2) + rnorm(nrow(d)), 6)
d <- d[order(d$firm, d$year), c("firm", "year", "region", "exposure", "outcome")]
rownames(d) <- NULL

# The plain panel: CSV and every .dta format haven writes (version 8 = 113 … 15 = 119).
write.csv(d, file.path(out, "panel.csv"), row.names = FALSE)
lab <- d
attr(lab$exposure, "label") <- "Exposure (std.)"
attr(lab$outcome, "label") <- "Outcome"
lab$region <- labelled(lab$region, c(North = 1L, South = 2L, East = 3L), label = "Region of the firm")
attr(lab$firm, "label") <- "Firm identifier"
for (v in c(8, 10, 12, 13, 14, 15)) write_dta(lab, file.path(out, sprintf("panel_v%d.dta", v)), version = v)

# Missing values (. and .a–.z), a label set that does not cover code 4, and a long string
# (strL from format 117 on).
m <- data.frame(
  id = 1:6,
  val = c(1.5, NA, tagged_na("a"), tagged_na("z"), -2, 1e300),
  grp = labelled(c(1L, 2L, 4L, NA, 1L, 2L), c(low = 1L, high = 2L)),
  txt = c("a", "", "ü漢字", strrep("long text ", 300), "", "b")
)
attr(m$grp, "label") <- "Group"
m12 <- m
m12$txt[4] <- substr(m$txt[4], 1, 200)  # format 115 strings hold at most 244 bytes
write_dta(m12, file.path(out, "missing_v12.dta"), version = 12)
for (v in c(13, 14, 15)) write_dta(m, file.path(out, sprintf("missing_v%d.dta", v)), version = v)
