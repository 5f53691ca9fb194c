# bash completion for defspend                              -*- shell-script -*-
#
# Installed as share/bash-completion/completions/defspend.  Everything it
# offers comes from the binary being completed, through its hidden
# `defspend complete` helper, so it cannot drift from the command table:
# commands, global and per-command options with their values, chart names,
# and the countries (ISO3 codes and names) of the data in use, honouring a
# --data already typed.  When the binary or the data is missing it offers
# nothing rather than printing errors over the prompt.

_defspend()
{
	local cur=${COMP_WORDS[COMP_CWORD]}
	local prev=
	((COMP_CWORD > 0)) && prev=${COMP_WORDS[COMP_CWORD - 1]}
	local prog=${COMP_WORDS[0]}
	local -a data=()
	local cmd= i w nth=0 name arg
	local -A takes=()
	COMPREPLY=()

	# Options and their argument (empty for a flag), global ones until the
	# command is known.
	_defspend_options()
	{
		takes=()
		while IFS=$'\t' read -r name arg; do
			[[ -n $name ]] || continue
			takes[$name]=$arg
		done < <("$prog" complete options $cmd 2>/dev/null)
	}
	_defspend_options

	# Find the command, the --data in effect and which operand is completed.
	for ((i = 1; i < COMP_CWORD; i++)); do
		w=${COMP_WORDS[i]}
		if [[ $w == --data=* ]]; then
			data=(--data "${w#--data=}")
		elif [[ $w == -* ]]; then
			if [[ -n ${takes[$w]+set} && -n ${takes[$w]} ]]; then
				[[ $w == --data ]] && data=(--data "${COMP_WORDS[i + 1]}")
				((i++))
			fi
		elif [[ -z $cmd ]]; then
			cmd=$w
			_defspend_options
		else
			((nth++))
		fi
	done

	# The value of an option: listed values, files or directories.
	if [[ $prev == -* && -n ${takes[$prev]+set} && -n ${takes[$prev]} ]]; then
		arg=${takes[$prev]}
		case $arg in
		*'|'*)
			local -a vals
			IFS='|' read -ra vals <<<"$arg"
			COMPREPLY=($(compgen -W "${vals[*]}" -- "$cur"))
			;;
		PATH | FILE) COMPREPLY=($(compgen -f -- "$cur")) ;;
		DIR) COMPREPLY=($(compgen -d -- "$cur")) ;;
		esac
		return 0
	fi
	if [[ $cur == -* ]]; then
		COMPREPLY=($(compgen -W "${!takes[*]}" -- "$cur"))
		return 0
	fi
	if [[ -z $cmd ]]; then
		COMPREPLY=($(compgen -W "$("$prog" complete commands 2>/dev/null)" -- "$cur"))
		return 0
	fi

	# An operand: ask the binary, then match ignoring case so that "pol"
	# finds POL and Poland; names with spaces are quoted for the shell.
	local c q lcur=${cur,,}
	local -a cands
	mapfile -t cands < <("$prog" "${data[@]}" complete operands "$cmd" $((nth + 1)) 2>/dev/null)
	for c in "${cands[@]}"; do
		case $c in
		@file) COMPREPLY+=($(compgen -f -- "$cur")) ;;
		@dir) COMPREPLY+=($(compgen -d -- "$cur")) ;;
		*)
			if [[ ${c,,} == "$lcur"* ]]; then
				printf -v q '%q' "$c"
				COMPREPLY+=("$q")
			fi
			;;
		esac
	done
	return 0
}
complete -F _defspend defspend
