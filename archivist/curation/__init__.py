"""The curators' workspace: roles, the history of every change, the review of proposed links, embargoes."""
