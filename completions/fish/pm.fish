# fish completion for pm: its options and commands, then pm-NAME's own completion
complete -c pm -f
complete -c pm -n __fish_use_subcommand -s h -l help -d 'Print the options and exit'
complete -c pm -n __fish_use_subcommand -s V -l version -d 'Print the version and exit'
complete -c pm -n __fish_use_subcommand -a sample -d 'Collect system and application metrics'
complete -c pm -n __fish_use_subcommand -a ingest -d 'Validate and store records in the history'
complete -c pm -n __fish_use_subcommand -a alert -d 'Evaluate alert rules'
complete -c pm -n __fish_use_subcommand -a predict -d 'Trends, forecasts, anomalies, baselines'
complete -c pm -n __fish_use_subcommand -a report -d 'Summaries, dashboards, CI gates, exports'
complete -c pm -n __fish_use_subcommand -a help -d 'Show the manual of a command'
complete -c pm -n '__fish_seen_subcommand_from help' -a 'sample ingest alert predict report'

# pm NAME ARGS... completes as pm-NAME ARGS...: the line rewritten for pm-NAME's completion.
function __pm_complete_tool
    set --local tokens (commandline -opc)
    set -e tokens[1]
    set tokens[1] pm-$tokens[1]
    complete -C (string join -- ' ' (string escape -- $tokens))' '(commandline -ct)
end
complete -c pm -n 'not __fish_use_subcommand; and not __fish_seen_subcommand_from help' -a '(__pm_complete_tool)'
