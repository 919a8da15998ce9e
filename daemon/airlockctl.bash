# SPDX-License-Identifier: GPL-2.0-only
# bash completion for airlockctl(8): options, commands, and device names.
# Device names come from the daemon itself (`airlockctl list`, first
# column), on the socket the command line names; as a user who may not
# open the socket there are simply none to offer.

_airlockctl_devices()
{
	local sock=$1
	airlockctl ${sock:+--socket "$sock"} list 2>/dev/null | awk 'NR > 1 { print $1 }'
}

_airlockctl()
{
	local cur prev words cword
	_init_completion || return

	# Commands: those of daemon/control.c (tests/install checks the list).
	local commands='list status stats start stop restart'
	local options='--json --socket -s --help -h'
	local i sock='' cmd='' nwords=0

	case $prev in
	-s | --socket)
		_filedir
		return
		;;
	esac

	# What is on the line so far: the socket, the command, how many words.
	for ((i = 1; i < cword; i++)); do
		case ${words[i]} in
		-s | --socket)
			sock=${words[i + 1]-}
			((i++))
			;;
		--socket=*) sock=${words[i]#--socket=} ;;
		-*) ;;
		*)
			[ -z "$cmd" ] && cmd=${words[i]}
			((nwords++))
			;;
		esac
	done

	if [[ $cur == -* ]]; then
		mapfile -t COMPREPLY < <(compgen -W "$options" -- "$cur")
		return
	fi
	case $nwords in
	0) mapfile -t COMPREPLY < <(compgen -W "$commands" -- "$cur") ;;
	1)
		case $cmd in
		status | stats | start | stop | restart)
			mapfile -t COMPREPLY < <(compgen -W "$(_airlockctl_devices "$sock")" -- "$cur")
			;;
		esac
		;;
	esac
} &&
	complete -F _airlockctl airlockctl
