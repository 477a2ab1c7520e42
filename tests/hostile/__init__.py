"""The hostile corpus for tests/test_hostile.py: sources written fresh by each test run."""
