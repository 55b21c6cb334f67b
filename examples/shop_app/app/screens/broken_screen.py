"""A screen left half-edited: the analyzer reports the error and carries on."""


def on_resume(state):
    if state.ready:
        return render(state
