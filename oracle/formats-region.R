# Reference for test/cli/formats.test.ts: the value-labelled region of panel_v*.dta is a factor
# whose levels follow the codes (North = 1, South = 2, East = 3), so North is the base level.
#   Rscript oracle/formats-region.R   (from the repository root)
library(fixest)
library(jsonlite)
d <- read.csv("test/fixtures/data/formats/panel.csv")
d$region <- factor(d$region, levels = 1:3, labels = c("North", "South", "East"))
m <- feols(outcome ~ exposure + i(region) | year, d)
b <- coef(m)
out <- list(coefficients = as.list(setNames(unname(b), sub("^region::", "region::", names(b)))))
writeLines(toJSON(out, digits = NA, auto_unbox = TRUE, pretty = TRUE), "test/fixtures/expected/formats_region.json")
