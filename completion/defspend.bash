# bash completion for defspend                              -*- shell-script -*-
#
# Installed as share/bash-completion/completions/defspend.  Everything it
# offers comes from the binary being completed, through its hidden
# `defspend complete` helper, so it cannot drift from the command table or
# the data: commands, global and per-command options with their values
# (formats, sort keys, charts, release ids), and the countries (ISO3 codes
# and names) of the data in use, honouring a --data already typed.  The
# binary matches what was typed ignoring case, accents and spaces, and
# never gives back less than was typed (see src/cmd_complete.c); this file
# quotes what it offers for the shell.  When the binary or the data is
# missing it offers nothing rather than printing errors over the prompt.
#
# With bash-completion loaded, its _init_completion splits the words
# (--format=csv included); without it, COMP_WORDS are read directly.

# The word as the shell will read it: quotes and backslashes removed.
_defspend_unquote()
{
	local s=$1 out= i c q=
	for ((i = 0; i < ${#s}; i++)); do
		c=${s:i:1}
		if [[ -n $q ]]; then
			if [[ $c == "$q" ]]; then
				q=
			elif [[ $q == '"' && $c == \\ ]]; then
				((i++))
				out+=${s:i:1}
			else
				out+=$c
			fi
		elif [[ $c == "'" || $c == '"' ]]; then
			q=$c
		elif [[ $c == \\ ]]; then
			((i++))
			out+=${s:i:1}
		else
			out+=$c
		fi
	done
	REPLY=$out
}

# COMPREPLY from the binary's candidates on stdin: @file and @dir expand
# to paths; the rest is quoted for the shell unless the word opened a quote.
_defspend_reply()
{
	local c q cur=$1
	while IFS= read -r c; do
		case $c in
		@file) COMPREPLY+=($(compgen -f -- "$cur")) ;;
		@dir) COMPREPLY+=($(compgen -d -- "$cur")) ;;
		'') ;;
		*)
			if [[ $cur == [\'\"]* ]]; then
				COMPREPLY+=("${cur:0:1}$c")
			else
				printf -v q '%q' "$c"
				COMPREPLY+=("$q")
			fi
			;;
		esac
	done
}

_defspend()
{
	local cur prev words cword split=false
	if declare -F _init_completion >/dev/null 2>&1; then
		_init_completion -s -n : || return
	else
		cur=${COMP_WORDS[COMP_CWORD]}
		prev=
		((COMP_CWORD > 0)) && prev=${COMP_WORDS[COMP_CWORD - 1]}
		words=("${COMP_WORDS[@]}")
		cword=$COMP_CWORD
		# "--opt=value": '=' is a word of its own here.
		if [[ $cur == = ]]; then
			cur=
			split=true
		elif [[ $prev == = ]] && ((cword > 1)); then
			prev=${words[cword - 2]}
			split=true
		fi
	fi
	local prog=${words[0]}
	local -a data=()
	local cmd= i w nth=0 name arg word
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
	for ((i = 1; i < cword; i++)); do
		w=${words[i]}
		if [[ $w == --data=* ]]; then
			data=(--data "${w#--data=}")
		elif [[ $w == -* ]]; then
			name=${w%%=*}
			if [[ $w != *=* && -n ${takes[$name]+set} && -n ${takes[$name]} ]]; then
				if [[ ${words[i + 1]} == = ]]; then
					((i++)) # "--opt = value" of a COMP_WORDS split at '='
				fi
				[[ $name == --data ]] && data=(--data "${words[i + 1]}")
				((i++))
			fi
		elif [[ $w == = ]]; then
			continue
		elif [[ -z $cmd ]]; then
			cmd=$w
			_defspend_options
		else
			((nth++))
		fi
	done
	# Standard input is the terminal here: never read it for candidates.
	[[ ${data[1]-} == - ]] && data=()
	if ((${#data[@]})); then
		_defspend_unquote "${data[1]}"
		data[1]=$REPLY
	fi
	_defspend_unquote "$cur"
	word=$REPLY

	# The value of an option: listed values, release ids, files or directories.
	if [[ $prev == -* && -n ${takes[$prev]+set} && -n ${takes[$prev]} ]]; then
		_defspend_reply "$cur" < <("$prog" "${data[@]}" complete values "${takes[$prev]}" "$word" 2>/dev/null)
		return 0
	fi
	if [[ $cur == -* ]]; then
		COMPREPLY=($(compgen -W "${!takes[*]}" -- "$cur"))
		return 0
	fi
	if [[ -z $cmd ]]; then
		_defspend_reply "$cur" < <("$prog" complete commands "$word" 2>/dev/null)
		return 0
	fi
	# An operand: the binary's candidates for it, matched to what was typed.
	_defspend_reply "$cur" < <("$prog" "${data[@]}" complete operands "$cmd" $((nth + 1)) "$word" 2>/dev/null)
	return 0
}
complete -F _defspend defspend
