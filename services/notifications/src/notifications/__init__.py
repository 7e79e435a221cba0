"""Notifications service: turns events people should hear about into inbox items."""
