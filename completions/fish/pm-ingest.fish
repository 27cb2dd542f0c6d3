# fish completion for pm-ingest
complete -c pm-ingest -s h -l help -d 'Print the options and exit'
complete -c pm-ingest -s V -l version -d 'Print the version and exit'
complete -c pm-ingest -l strict -d 'Stop at the first bad input line'
complete -c pm-ingest -s H -l history -x -a '(__fish_complete_directories)' -d 'The store to append to'
complete -c pm-ingest -l retention -x -d 'Keep records this long (30d, 12h, seconds)'
complete -c pm-ingest -s f -l format -x -a 'auto ndjson prometheus openmetrics influx nagios csv' -d 'Input format'
complete -c pm-ingest -l tee -d 'Also write the accepted records to stdout'
complete -c pm-ingest -l check -d 'Validate only, store nothing'
