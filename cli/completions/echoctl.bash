# bash completion for echoctl (echo's installed name). Commands and options are read from the
# program's own --help, so they always match the installed version.
_echoctl() {
  local cur words=() i
  cur=${COMP_WORDS[COMP_CWORD]}
  for ((i = 1; i < COMP_CWORD; i++)); do
    case ${COMP_WORDS[i]} in
      -*) ;;
      *) words+=("${COMP_WORDS[i]}") ;;
    esac
  done
  local help
  help=$("${COMP_WORDS[0]}" "${words[@]}" --help 2>/dev/null) || return 0
  local candidates
  if [[ $cur == -* ]]; then
    candidates=$(printf '%s\n' "$help" | grep -oE '^\s+(-[a-zA-Z],)?--[a-z-]+' | grep -oE -- '--[a-z-]+')
  else
    candidates=$(printf '%s\n' "$help" | sed -n '/^Subcommands:/,$p' | awk 'NR > 1 && /^  [a-z]/ {print $1}')
  fi
  mapfile -t COMPREPLY < <(compgen -W "$candidates" -- "$cur")
}
complete -o default -F _echoctl echoctl
