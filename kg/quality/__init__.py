"""Quality: scores against hand-checked gold (``evaluate``, ``scoreboard``) and checks that a report's figures
agree with each other (``consistency``)."""
