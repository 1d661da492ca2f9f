"""Familjecentret shared package: event contracts and platform plumbing, nothing domain-specific."""
