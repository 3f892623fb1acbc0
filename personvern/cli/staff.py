"""``personvern staff add|list``: staff users who handle cases (admins also manage them at /staff/admin/users)."""

from __future__ import annotations

import argparse
import getpass
import sys

from bot.cases import CaseService, StaffRole
from bot.cases.passwords import MIN_PASSWORD_LENGTH
from personvern.cli.support import run_with_service

__all__ = ["register"]


def _read_password(from_stdin: bool) -> str | None:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass("Password: ")
    if first != getpass.getpass("Repeat password: "):
        print("error: the passwords differ", file=sys.stderr)
        return None
    return first


def _add(args: argparse.Namespace) -> int:
    password = _read_password(args.password_stdin)
    if password is None:
        return 1
    if len(password) < MIN_PASSWORD_LENGTH:
        print(f"error: a staff password needs at least {MIN_PASSWORD_LENGTH} characters", file=sys.stderr)
        return 1

    async def work(service: CaseService) -> int:
        user = await service.add_staff_user(args.email, args.name, StaffRole(args.role), password)
        print(f"added staff user {user.id} {user.email} ({user.role.value})")
        return 0

    return run_with_service(work)


def _list(args: argparse.Namespace) -> int:
    async def work(service: CaseService) -> int:
        for user in await service.list_staff_users():
            state = "active" if user.active else "inactive"
            print(f"{user.id:>4}  {user.email:<40} {user.role.value:<8} {state:<8} {user.name}")
        return 0

    return run_with_service(work)


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser("staff", help="staff users: add, list")
    sub = parser.add_subparsers(dest="staff_command", metavar="ACTION")
    sub.required = True
    add = sub.add_parser("add", help="add a staff user (password from a prompt or --password-stdin)")
    add.add_argument("email")
    add.add_argument("--name", required=True)
    add.add_argument("--role", choices=[r.value for r in StaffRole], default=StaffRole.HANDLER.value)
    add.add_argument(
        "--password-stdin", action="store_true", help="read the password from the first line of stdin"
    )
    add.set_defaults(func=_add)
    sub.add_parser("list", help="list staff users").set_defaults(func=_list)
