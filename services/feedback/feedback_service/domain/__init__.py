"""Surveys: templates and their questions, validated answers, the anonymity scheme, results,
exports and retention. Pure functions and immutable models; storage and messaging call into them."""
