"""Qt item models over core values: tables, trees and the delegates that edit them."""
