# fish completion for pm-sample
set --local collectors cpu load memory disk filesystem network tcp processes system pressure cgroup

complete -c pm-sample -f
complete -c pm-sample -s h -l help -d 'Print the options and exit'
complete -c pm-sample -s V -l version -d 'Print the version and exit'
complete -c pm-sample -l collect -x -a "$collectors" -d 'Only these collectors (comma-separated)'
complete -c pm-sample -l no-collect -x -a "$collectors" -d 'Leave out these collectors'
complete -c pm-sample -l process -x -a '(__fish_complete_proc)' -d 'Also report this process (name or PID)'
complete -c pm-sample -l tag -x -d 'Add KEY=VALUE to every record'
complete -c pm-sample -l window -x -d 'Time between the two readings (default 1s)'
complete -c pm-sample -s i -l interval -x -d 'Sample every DURATION'
complete -c pm-sample -s c -l count -x -d 'Take N samples, then stop'
complete -c pm-sample -l state -r -F -d 'Keep counters in FILE between runs'
complete -c pm-sample -s f -l format -x -a 'table ndjson' -d 'Table for people or NDJSON records (default: table on a terminal)'
complete -c pm-sample -l proc-root -x -a '(__fish_complete_directories)' -d 'Read /proc from DIR'
complete -c pm-sample -l sys-root -x -a '(__fish_complete_directories)' -d 'Read /sys from DIR'
complete -c pm-sample -l check -x -d 'Health check NAME=tcp://HOST:PORT, NAME=http://… or NAME=exec:COMMAND'
complete -c pm-sample -l timeout -x -d 'Give up on a check or scrape after DURATION (default 10s)'
complete -c pm-sample -l scrape -x -d 'Read a Prometheus endpoint (plain http:// URL)'
complete -c pm-sample -l value -x -d 'Emit a custom metric NAME=NUMBER'
complete -c pm-sample -l run -x -d 'Run the command after -- as job NAME and exit with its status'
