"""The unaccelerated baseline: a CFU with no instructions (every slot answers 0 at once).

Add instructions here (see proj/proj_template/cfu.py) and call them from kernel overrides in src/.
"""

from cfu.gateware import Cfu


def make_cfu() -> Cfu:
    return Cfu({})
