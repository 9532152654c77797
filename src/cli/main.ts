// CLI entry (check | plan | run). Replaced by the full command set in src/cli/.
process.stdout.write('studyspec\n');
